"""Word lists for generated passphrases: common words a person can write down and type.

Written for this project. Each list's length is a power of two, so every word drawn adds exactly
log2(length) bits. The two Chinese lists hold the same 256 everyday two-character words, in
simplified and in traditional characters (as used in Taiwan), in the same order.
"""

from __future__ import annotations

# 512 short, concrete English words (9 bits each).
ENGLISH: tuple[str, ...] = tuple(
    """
    able acorn acre actor adobe agate alarm album alley almond aloe amber ample anchor angle
    ankle apple apricot apron arch arena armor arrow aspen atlas attic autumn avocado baby bacon
    badge bagel baker balcony ballet bamboo banana band banjo barley barn basil basket beach
    beacon beard beaver bell belt bench berry bicycle bird biscuit bison blanket blender blossom
    board boat bobcat bonnet book boot bottle boulder bowl branch brass bread breeze brick
    bridge brook broom brush bubble bucket buckle buffalo bundle butter button cabin cable
    cactus camel camera camp candle canoe canvas canyon card carpet carrot cashew castle cattle
    cave cedar cellar cereal chair chalk cherry chess chestnut chicken cinnamon circle citrus
    clam clay cliff clock cloud clover coast cobra cocoa coconut coffee coin collar comet cookie
    copper coral cork cosmos cotton cougar cousin crab crane crayon cream cricket crown crystal
    cube cupcake curtain cushion dahlia daisy dance delta denim desert diamond dolphin donkey
    door dove drawer drum duck dune eagle easel echo elbow elder ember emerald fabric falcon
    feather fence fern ferry fiddle field finch fire flag flame flamingo flannel flint flute
    foam forest fossil fountain frame frost fruit fudge galaxy garden garlic gate gazelle gecko
    geyser ginger giraffe glacier glass globe glove goat goblet gold goose gorilla granite grape
    gravel guitar gull hammer hamster harbor harvest hawk hazel hazelnut heart hedge helmet
    heron hill hive honey hook horizon horse iceberg igloo iguana insect iris island ivory
    jacket jade jaguar jasmine jelly jersey jewel juice jungle juniper kayak kelp kernel kettle
    kiosk kite kitten kiwi knee knot koala ladder lagoon lake lamp lantern lark lava lawn leaf
    lemon lemur lens lentil lilac lily lime linen lion lizard llama lobster locket lotus magnet
    mallet mango maple marble meadow melon metal meteor mint mirror mitten mole monkey moon
    moose mosaic moss mountain mouse muffin mulberry mural napkin nectar needle nest nickel
    noodle nutmeg nutshell oasis ocean octopus olive onion opal orange orbit orchard orchid
    ostrich otter oven oyster paddle pagoda paint palace palm panda pansy paper parcel parrot
    parsley pasta peach peanut pearl pebble pelican pencil peony pepper pewter piano pickle
    pigeon pillow pilot pine pizza planet plum pocket poem pond pony poppy potato pottery prism
    puddle puffin pumpkin puppet puzzle quail quarter quartz quilt rabbit raccoon radio radish
    rain rainbow raisin ranch raven reef rhubarb ribbon rice ripple river robin rocket roof rope
    rose ruby saddle saffron sail salad salmon sand sandal sapphire satin scarf scooter seal
    seed shadow shelf shell sherbet ship shore shrimp silk silver skate sketch skylark sled
    sloth snail snow soap sock sofa soup sparrow spice spider spoon spring sprout squash squid
    stable star starfish statue steam stone stork stove straw stream sugar summer swan sweater
    table taco tango teapot temple tennis tent thistle thunder thyme tiger timber toast tomato
    topaz torch tortoise toucan towel tower tractor trail train tree trout trumpet tuba tulip
    tundra tunnel turkey turnip turtle umbrella valley vanilla vase velvet violet violin volcano
    wagon walnut walrus wand water wave wheat wheel whistle willow window winter wolf wool wren
    yacht yarn yogurt zebra zero zinc
    """.split()
)

# 256 two-character words (8 bits each): fruit, food, animals, nature, things at home.
CHINESE_SIMPLIFIED: tuple[str, ...] = tuple(
    """
    苹果 香蕉 葡萄 西瓜 橘子 柠檬 草莓 樱桃 桃子 梨子 芒果 椰子 石榴 柿子 核桃 花生 栗子 红枣 蘑菇
    白菜 萝卜 番茄 黄瓜 南瓜 茄子 辣椒 豆腐 面条 饺子 包子 馒头 米饭 稀饭 月饼 汤圆 粽子 蛋糕 饼干
    面包 牛奶 咖啡 茶叶 蜂蜜 果酱 冰糖 芝麻 大米 小麦 玉米 熊猫 老虎 狮子 大象 猴子 兔子 松鼠 骆驼
    斑马 海豚 鲸鱼 企鹅 孔雀 鹦鹉 燕子 喜鹊 麻雀 蝴蝶 蜻蜓 蜜蜂 蚂蚁 青蛙 乌龟 螃蟹 金鱼 鸽子 天鹅
    仙鹤 骏马 小猫 小狗 山羊 绵羊 奶牛 白鹭 海鸥 狐狸 刺猬 袋鼠 太阳 月亮 星星 白云 彩虹 雪花 露水
    春风 细雨 晚霞 朝阳 银河 流星 高山 大海 小河 湖泊 瀑布 森林 草原 沙漠 海岛 沙滩 山谷 田野 竹林
    松树 柳树 枫叶 荷花 菊花 梅花 兰花 桂花 茉莉 玫瑰 牡丹 杜鹃 水仙 小草 种子 树叶 果园 花园 池塘
    石头 贝壳 珍珠 水晶 琥珀 翡翠 黄金 白银 钥匙 铅笔 毛笔 橡皮 书包 信封 邮票 地图 地球 台灯 灯笼
    蜡烛 镜子 梳子 雨伞 扇子 帽子 围巾 手套 袜子 鞋子 毛衣 裙子 被子 枕头 毯子 窗帘 桌子 椅子 沙发
    柜子 篮子 箱子 瓶子 杯子 盘子 筷子 勺子 茶壶 水壶 锅盖 剪刀 针线 纽扣 绳子 风筝 气球 积木 拼图
    皮球 毽子 陀螺 口琴 钢琴 吉他 小号 笛子 二胡 画笔 颜料 相机 闹钟 手表 火车 轮船 帆船 飞机 小船
    马车 桥梁 灯塔 城堡 宝塔 亭子 院子 屋顶 楼梯 窗户 烟囱 篱笆 泉水 温泉 冰山 火山 岩石 沙子 泥土
    砖头 木头 竹子 纸船 书架 日记 故事 童话 诗歌 歌曲 舞蹈 红色 橙色 黄色 绿色 蓝色 紫色 白色 金色
    银色 春天 夏天 秋天 冬天 早晨 中午 黄昏 清晨
    """.split()
)

CHINESE_TRADITIONAL: tuple[str, ...] = tuple(
    """
    蘋果 香蕉 葡萄 西瓜 橘子 檸檬 草莓 櫻桃 桃子 梨子 芒果 椰子 石榴 柿子 核桃 花生 栗子 紅棗 蘑菇
    白菜 蘿蔔 番茄 黃瓜 南瓜 茄子 辣椒 豆腐 麵條 餃子 包子 饅頭 米飯 稀飯 月餅 湯圓 粽子 蛋糕 餅乾
    麵包 牛奶 咖啡 茶葉 蜂蜜 果醬 冰糖 芝麻 大米 小麥 玉米 熊貓 老虎 獅子 大象 猴子 兔子 松鼠 駱駝
    斑馬 海豚 鯨魚 企鵝 孔雀 鸚鵡 燕子 喜鵲 麻雀 蝴蝶 蜻蜓 蜜蜂 螞蟻 青蛙 烏龜 螃蟹 金魚 鴿子 天鵝
    仙鶴 駿馬 小貓 小狗 山羊 綿羊 乳牛 白鷺 海鷗 狐狸 刺蝟 袋鼠 太陽 月亮 星星 白雲 彩虹 雪花 露水
    春風 細雨 晚霞 朝陽 銀河 流星 高山 大海 小河 湖泊 瀑布 森林 草原 沙漠 海島 沙灘 山谷 田野 竹林
    松樹 柳樹 楓葉 荷花 菊花 梅花 蘭花 桂花 茉莉 玫瑰 牡丹 杜鵑 水仙 小草 種子 樹葉 果園 花園 池塘
    石頭 貝殼 珍珠 水晶 琥珀 翡翠 黃金 白銀 鑰匙 鉛筆 毛筆 橡皮 書包 信封 郵票 地圖 地球 檯燈 燈籠
    蠟燭 鏡子 梳子 雨傘 扇子 帽子 圍巾 手套 襪子 鞋子 毛衣 裙子 被子 枕頭 毯子 窗簾 桌子 椅子 沙發
    櫃子 籃子 箱子 瓶子 杯子 盤子 筷子 勺子 茶壺 水壺 鍋蓋 剪刀 針線 鈕扣 繩子 風箏 氣球 積木 拼圖
    皮球 毽子 陀螺 口琴 鋼琴 吉他 小號 笛子 二胡 畫筆 顏料 相機 鬧鐘 手錶 火車 輪船 帆船 飛機 小船
    馬車 橋樑 燈塔 城堡 寶塔 亭子 院子 屋頂 樓梯 窗戶 煙囪 籬笆 泉水 溫泉 冰山 火山 岩石 沙子 泥土
    磚頭 木頭 竹子 紙船 書架 日記 故事 童話 詩歌 歌曲 舞蹈 紅色 橙色 黃色 綠色 藍色 紫色 白色 金色
    銀色 春天 夏天 秋天 冬天 早晨 中午 黃昏 清晨
    """.split()
)
