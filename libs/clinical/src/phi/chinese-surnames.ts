// The most common Chinese surnames (about the top 140 by population; the top 100 alone cover
// some 85% of people), and the compound surnames still in use. A name detector that only accepts
// these misses rare surnames; it gains far fewer false positives than one that accepts any
// character.
const SINGLE =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫阎段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪牛樊葛邢温齐庞颜倪庄聂章鲁岳翟殷欧关柳甘祝包宁舒阮柯纪梅童毕霍涂';

const COMPOUND =
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 百里'.split(
    ' ',
  );

/** Common single-character Chinese surnames. */
export const CHINESE_SURNAMES: ReadonlySet<string> = new Set(SINGLE);

/** Two-character (compound) Chinese surnames. */
export const CHINESE_COMPOUND_SURNAMES: ReadonlySet<string> = new Set(COMPOUND);

// Surnames that are also everyday words ("于昨日", "和医生", "血压高医生说", "十分钟医生就来",
// "疗程", "健康"): they count as a surname only with further evidence, see the name detector.
export const AMBIGUOUS_SURNAMES: ReadonlySet<string> = new Set(
  '于万向常文高白方石任余许何程叶马包关康温钟段范陆付梅夏苏牛甘宁齐毕龙江田金黎',
);
