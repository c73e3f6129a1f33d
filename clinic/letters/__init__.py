"""Letters: definitions (content), validation of the details, composition of the official letter,
reading copy and cover sheet (pure), and the locked-down PDF renderer (WeasyPrint)."""
