import { TRIAGE_CUES_V1 } from './cues.v1';
import { TRIAGE_ESCALATION_V1 } from './escalation.v1';
import { allOf, anyOf, concept, deepFreeze, fact, has, PREGNANT_IN_CONTEXT } from './rule-builders';
import type { TriageRule, TriageRuleset } from './triage.types';

/**
 * Version of the red-flag ruleset: `<date of clinical sign-off>.<revision>`. Any change to a
 * pattern, rule, cue or escalation text ships as a new version, recorded with every result.
 */
export const TRIAGE_RULESET_VERSION = '2026-11-25.1';

// How to read the patterns
// - Regular expression sources over the normalised message: lower case, half-width, whitespace
//   collapsed, doubled Latin letters squeezed (write "bleeding"; "bleding" and "bleeeding" match).
// - English sources are wrapped in letter boundaries; use \w* for suffixes.
// - Gaps: G (Chinese) and W (English) never cross a negation word, so "胸口也不痛" and
//   "chest doesn't hurt" do not match a chest-pain pattern at all. (别 is not excluded: 特别.)
// - A concept matches a mention; whether the mention counts (negated, past, question) is decided
//   by the cue lexicon in cues.v1.ts.

const G = '[^不没无未,.;!?。]';
const W =
  "(?:(?!(?:no|not|never|without|nor|dont|doesnt|didnt|isnt|wasnt|cant|wont)(?![a-z]))(?![a-z]*n't(?![a-z]))[a-z']+ )";
const CANT = "(?:can't|cant|cannot|can not|unable to|couldn't|couldnt|could not|not able to)";
const POSS = '(?:my|his|her|their|the|our|your)';

// ───────────────────────────── cardiac ─────────────────────────────

const CHEST_PAIN = concept(
  'chest-pain',
  [
    `(?:胸口|胸部|胸前|胸膛|胸骨后|胸)${G}{0,6}(?:疼|痛|闷|憋|压|紧|发紧|难受|不舒服|不适|绞|揪|攥|扎)`,
    `(?:心口|心窝|心前区)${G}{0,6}(?:疼|痛|闷|憋|压|难受|不舒服|不适|绞|揪|攥)`,
    '心绞痛',
    `心脏${G}{0,6}(?:疼|痛|绞|难受|揪|攥|捏|压)`,
    `(?:胸口|胸|心口)${G}{0,2}像${G}{0,6}(?:压|堵|箍|勒|捆|绑|揪)`,
    '压榨(?:样|性|感)',
  ],
  [
    `chest ${W}{0,4}(?:pain|pains|pian|ache|aches|aching|hurts?|hurting|tightness|pressure|discomfort|heaviness|squeezing|squeezed|crushed|tight|heavy)`,
    `(?:pain|pains|pressure|tightness|heaviness|squeezing|ache|aching|discomfort|crushing|burning|feeling|sensation|weight) (?:in|on|across|around) (?:the |my |his |her )?(?:(?:centre|center|middle) of (?:my |his |her |the )?)?chest`,
    'tight chest',
    'crushing (?:pain|pressure|feeling|sensation|weight)',
    'angina',
    'heart (?:pain|hurts|is hurting)',
    `(?:clutch\\w*|grabb\\w*|holding) (?:at )?${POSS} chest`,
    `${POSS} chest is killing`,
    `elephant (?:sitting |standing )?on ${POSS} chest`,
  ],
);

const CHEST_PAIN_SEVERE = concept(
  'chest-pain-severe',
  [
    '(?:剧烈|严重)(?:的)?(?:胸痛|胸口痛|胸口疼|心口痛|心口疼)',
    `(?:胸口|胸部|胸|心口)${G}{0,2}(?:剧痛|剧烈疼痛|绞痛|撕裂)`,
    '压榨(?:样|性|感)(?:的)?(?:痛|疼|胸痛)',
    '撕裂(?:样|般|一样)(?:的)?(?:痛|疼|胸痛)',
    `(?:胸口|胸部|胸|心口)${G}{0,3}(?:疼|痛)(?:得|的)${G}{0,2}(?:受不了|要命|厉害|不行|喘不)`,
  ],
  [
    '(?:crushing|severe|excruciating|terrible|unbearable|worst|intense|tearing|ripping|agonizing|agonising) (?:\\w+ )?chest (?:pain|pressure|ache)',
    'chest (?:pain|pressure) (?:is )?(?:severe|excruciating|unbearable|crushing)',
    'crushing (?:pain|pressure|feeling|sensation|weight)',
    `elephant (?:sitting |standing )?on ${POSS} chest`,
    `chest ${W}{0,2}hurts? so (?:bad|much)`,
  ],
);

const SWEATING = concept(
  'sweating',
  ['冷汗', '大汗', '冒汗', '出汗', '满头(?:是)?汗', '一身汗', '虚汗', '汗(?:直|一直)?(?:流|冒)'],
  ['sweat\\w*', 'clammy', 'diaphoretic', 'drenched'],
);

const RADIATION = concept(
  'pain-radiation',
  [
    `(?:放射|牵涉|蔓延|窜|扩散|传)${G}{0,3}(?:到|至)?${G}{0,2}(?:左)?(?:肩|手臂|胳膊|手|下巴|下颌|牙|后背|背|脖子)`,
    `(?:疼|痛)(?:到|至|连着|牵扯到)${G}{0,2}(?:后背|背|下巴|下颌|肩膀|肩|胳膊|手臂|脖子|牙)`,
    `(?:胳膊|手臂|肩膀|左手|下巴|下颌)${G}{0,2}(?:疼|痛|麻|发麻|酸)`,
  ],
  [
    `(?:radiat\\w*|spread\\w*|shoot\\w*|going|goes|moving|moves|travel\\w*|extend\\w*)(?: (?:down|up|into|to|through|across|towards?))+ (?:my |his |her |the )?(?:left |right )?(?:arm|arms|jaw|shoulder|shoulders|back|neck|teeth)`,
    '(?:left )?(?:arm|jaw|shoulder) (?:is )?(?:in pain|hurts?|aches?|aching|numb|tingling|heavy)',
    `(?:pain|numbness|tingling|heaviness|ache) (?:in|down) (?:my |his |her )?(?:left )?(?:arm|jaw|shoulder)`,
    '(?:numb|tingling|heavy|aching|painful) (?:left )?(?:arm|jaw)',
  ],
);

const NAUSEA = concept(
  'nausea-vomiting',
  ['恶心', '想吐', '呕吐', '吐了', '一直吐', '反复吐'],
  [
    'nause\\w*',
    'vomit\\w*',
    'throwing up',
    'threw up',
    'sick to (?:my|his|her) stomach',
    'queasy',
    '(?:feel|feels|feeling|felt) sick',
  ],
);

const PRESYNCOPE = concept(
  'presyncope',
  [
    '头晕',
    '头很晕',
    '眼前发黑',
    '(?:快|要)晕(?:倒|过去)',
    '晕厥',
    '濒死感',
    `脸色${G}{0,2}(?:苍白|发白|惨白|白|发青|很差)`,
  ],
  [
    'dizzy',
    'light ?headed',
    'light-headed',
    'faint\\w*',
    'pale',
    "(?:feel|feeling|felt) like (?:i'm|i am|i was) (?:going to|gonna) (?:die|pass out)",
    'impending doom',
    '(?:turned|turning|went|gone|looks?|is) (?:grey|gray|ashen)',
  ],
);

const HEARTBURN = concept(
  'heartburn',
  ['烧心', '反酸', '胃灼热', '泛酸', '消化不良'],
  ['heartburn', 'acid reflux', 'reflux', 'indigestion', 'gerd'],
);

const HEART_ATTACK_STATED = concept(
  'heart-attack-stated',
  [
    '心梗了',
    '(?:是|像|好像|可能|应该是|怀疑|感觉|觉得)(?:是)?(?:心梗|心肌梗|心脏病发作|心绞痛发作)',
    '(?:心梗|心脏病|心绞痛)(?:发作|犯了|又犯)',
    '犯(?:了)?心脏病',
  ],
  [
    "(?:having|had|have|has|is having|am having|suffered|suffering|just had|might be having|may be having|think (?:i'm|i am|he's|he is|she's|she is) having) (?:a |another )?(?:heart attack|mi)",
    'heart attack (?:right now|is happening)',
  ],
);

// ───────────────────────────── stroke ─────────────────────────────

const FACE_DROOP = concept(
  'face-droop',
  [
    `(?:嘴|嘴巴|嘴角|口角|脸|半边脸|半张脸|面部|一侧脸)${G}{0,4}(?:歪|歪斜|下垂|耷拉|往一边|麻木|发麻|没知觉|不对称|动不了)`,
    '口眼歪斜',
    '(?:突然|突发)(?:的)?面瘫',
    `(?:一边|一侧|半边)?(?:嘴角|口角)${G}{0,2}(?:流口水|漏水|漏饭)`,
    `(?:喝水|吃饭|喝汤|喝东西)${G}{0,2}(?:漏|流)(?:出来|出)`,
    `(?:笑|微笑)(?:的时候)?${G}{0,2}(?:歪|不对称)`,
  ],
  [
    `(?:face|mouth|smile|lip|eyelid|side of ${POSS} face) ${W}{0,3}(?:droop\\w*|drops?|dropping|sagging|sags?|crooked|lopsided|uneven|twisted|numb|paraly[sz]ed|frozen|slant\\w*)`,
    '(?:droop\\w*|sagging|crooked|lopsided|twisted) (?:face|mouth|smile|lip)',
    'facial (?:droop|weakness|paralysis|numbness)',
  ],
);

const ARM_WEAKNESS = concept(
  'one-sided-weakness',
  [
    `(?:一侧|单侧|半边|半身|左边|右边|左侧|右侧|左半边|右半边|一边)(?:的)?(?:身体|身子|手脚|手|胳膊|手臂|腿|脚|肢体|上肢|下肢)?${G}{0,2}(?:没力气|没有力气|没劲|无力|麻木|发麻|麻了|抬不起来|动不了|不会动|不能动|不听使唤|没知觉|没有知觉|使不上劲|拿不住)`,
    `(?:手|胳膊|手臂|腿)${G}{0,2}(?:突然)?(?:抬不起来|不听使唤|使不上劲|拿不住东西)`,
    '拿不住(?:东西|筷子|杯子|碗)',
    `(?:筷子|杯子|碗|东西)${G}{0,3}拿不住`,
    '偏瘫',
    '半身不遂',
  ],
  [
    `(?:sudden |suddenly )?(?:weak|weakness|numb|numbness|paralysis|paraly[sz]ed|tingling|heaviness|no strength|floppy)(?: \\w+){0,2} (?:in|on|of|down) (?:one|the left|the right|his left|his right|her left|her right|my left|my right|left|right) (?:side|arm|leg|hand)`,
    'one[- ]sided (?:weakness|numbness|paralysis)',
    `${CANT} (?:lift|raise|move|feel|use) (?:my|his|her) (?:left |right )?(?:arm|arms|leg|hand|side)`,
    `(?:left|right) (?:arm|leg|hand|side) ${W}{0,2}(?:weak|numb|gave out|won't move|is dead|heavy|floppy|not working|clumsy|useless)`,
    `(?:arm|leg|hand) ${W}{0,2}(?:suddenly )?(?:went|gone|going) (?:weak|numb|limp|dead)`,
    'hemipar\\w*',
    'hemipleg\\w*',
  ],
);

const SPEECH = concept(
  'speech-disturbance',
  [
    `说话${G}{0,2}(?:不清|含糊|含混|不利索|大舌头|困难|吐字不清|费劲|颠三倒四|语无伦次)`,
    '口齿不清',
    '口齿含糊',
    '舌头打结',
    '吐字不清',
    '言语不清',
    '大舌头',
    '(?:说不出话|说不了话|讲不出话|不会说话|不能说话)',
    '说不清(?:楚)?(?:话)?',
    '说(?:话)?不(?:利索|清楚|清)',
    `舌头${G}{0,1}(?:发硬|僵硬|不灵活|不听使唤)`,
    '听不懂(?:别人)?(?:说话|的话)',
    '答非所问',
  ],
  [
    'slur\\w*',
    `(?:${CANT}|trouble|difficulty|struggling to|hard to|having trouble) (?:speak|speaking|talk|talking|get (?:the |his |her |my )?words out|find (?:the |his |her |my )?words|form words|say words)(?! (?:to|about|with|on)(?![a-z]))`,
    'speech (?:is |was |sounds |seems )?(?:slurred|garbled|jumbled|strange|weird|off|confused|gone|thick)',
    `words ${W}{0,4}(?:jumbled|garbled|wrong|mixed up|muddled|nonsense)`,
    'talking (?:funny|strange|weird|gibberish|nonsense)',
    'garbled',
    'aphasia',
  ],
);

const THUNDERCLAP = concept(
  'thunderclap-headache',
  [
    `(?:突然|突发|一下子)${G}{0,3}(?:剧烈|炸裂|爆炸|要裂开|裂开)(?:样|般|一样|似的)?(?:的)?${G}{0,2}头(?:痛|疼)`,
    `头(?:痛|疼)(?:得|的)?${G}{0,2}(?:像|要|快)${G}{0,3}(?:炸|裂)`,
    `(?:这辈子|有生以来|人生中|从来没有这么|从没这么|从来没这么|这一辈子)${G}{0,6}头(?:痛|疼)`,
    `头(?:痛|疼)${G}{0,4}(?:这辈子|有生以来|从来没有这么|从没这么)`,
    '雷击样头痛',
    '爆炸(?:样|性)头痛',
  ],
  [
    `worst headache (?:of|in) ${POSS} (?:life|lives)`,
    "worst headache (?:i've|i have|he's|she's|he has|she has) ever (?:had|felt)",
    'worst headache ever',
    'thunderclap',
    '(?:sudden|suddenly|out of nowhere|all of a sudden)(?: \\w+){0,3} (?:severe|excruciating|explosive|intense|blinding|terrible|worst) headache',
    '(?:severe|excruciating|explosive|intense|blinding|terrible) headache (?:that )?(?:came on |started |hit )?(?:suddenly|out of nowhere|all of a sudden|like a thunderclap|in seconds)',
    "head (?:feels like it's|feels like it is|is going to|is about to) (?:explode|exploding|split open)",
  ],
);

const STROKE_STATED = concept(
  'stroke-stated',
  [
    '(?:中风|脑梗|脑卒中|脑溢血|脑出血|脑血栓|卒中)(?:了|发作|又犯|犯了)',
    '(?:是|像|好像|可能|应该是|怀疑|感觉|觉得)(?:是)?(?:中风|脑梗|脑卒中|脑溢血|脑出血|脑血栓)',
  ],
  [
    "(?:having|had|has|have|is having|am having|suffered|suffering|just had|might be having|may be having|could be having|think (?:he|she|i|they) (?:is|are|am|'s|'re|'m) having|think (?:he|she|i|they) had) (?:a |another )?(?:mini[- ]?)?(?:stroke|tia)",
    'stroke (?:right now|is happening)',
  ],
);

const BALANCE_SUDDEN = concept(
  'sudden-imbalance',
  [
    `(?:突然|突发)${G}{0,4}(?:头晕|眩晕|天旋地转)${G}{0,8}(?:走路不稳|站不稳|站不住|走不了路|走不稳|摔倒|重影)`,
    `(?:突然|突发)${G}{0,2}(?:走路|站)${G}{0,3}(?:不稳|站不住|打晃)`,
  ],
  [
    "(?:sudden|suddenly)(?: \\w+){0,3} (?:loss of balance|lost (?:my|his|her) balance|can't walk straight|cannot walk straight|unable to walk|unsteady on (?:my|his|her) feet|double vision|seeing double)",
  ],
);

const DENTAL_NUMBING = concept(
  'dental-numbing',
  ['打(?:了)?麻药', '拔(?:了)?牙', '补(?:了)?牙', '看(?:了)?牙医'],
  ['dentist', 'novocaine', 'numbing (?:shot|injection)', 'local an(?:a)?esthetic', 'filling'],
);

// ───────────────────────────── bleeding ─────────────────────────────

const SEVERE_BLEEDING = concept(
  'severe-bleeding',
  [
    '大出血',
    '血流不止',
    `(?:血|出血|流血)${G}{0,3}(?:止不住|不止|停不下来|流个不停|不停地流|一直流|一直在流|还在流|往外喷|喷出来|往外冒|往外涌)`,
    '止不住(?:的)?(?:血|流血|出血)',
    '(?:一直|不停地?|止不住地?)(?:在)?(?:流|出|冒)血',
    `(?:流|出)了${G}{0,2}(?:很多|好多|一大摊|一地|一大滩|一盆|一大片)(?:的)?血`,
    '(?:喷血|飙血|血喷)',
    `(?:毛巾|纱布|衣服|床单)${G}{0,3}(?:都)?(?:被血)?(?:浸透|湿透|染红)`,
    `(?:割|切|砍)(?:到|破|断)了?(?:动脉|大血管)`,
  ],
  [
    "(?:bleeding|blood) (?:\\w+ ){0,2}(?:won't|will not|wont|doesn't|does not|isn't|not|hasn't) (?:stop|stopping|stopped|slow|slowing)",
    `${CANT} (?:stop|control) (?:the )?bleeding`,
    "(?:won't|doesn't|does not|will not|not) stop bleeding",
    '(?:heavy|severe|massive|uncontrolled|uncontrollable|profuse|a lot of|lots of|so much|huge amount of|large amount of) (?:bleeding|blood loss|blood)',
    'bleeding (?:heavily|a lot|badly|profusely|everywhere|like crazy|really bad|so much)',
    'blood (?:is )?(?:spurting|pouring|gushing|squirting|everywhere|pulsing)',
    '(?:spurting|pouring|gushing|squirting|pulsing) (?:blood|out)',
    'soaked (?:through )?(?:the |a |my |his |her )?(?:towel|bandage|cloth|clothes|shirt|gauze)',
    'bleeding out',
    'arterial bleed\\w*',
  ],
);

const MENSTRUAL = concept(
  'menstruation',
  ['月经', '例假', '大姨妈', '经期', '来事', '痛经', '姨妈'],
  ['periods?', 'menstrua\\w*', 'menses', 'time of the month'],
);

const HEAVY_MENSES = concept(
  'heavy-menses',
  [`(?:月经|例假|经血|大姨妈)(?:量)?${G}{0,3}(?:多|大|很多|特别多|太多|增多)`],
  [
    'heavy (?:period|periods|menstrual|flow)',
    'period (?:is |has been )?(?:very |really |so |extra )?heavy',
  ],
);

const SOAKING_HOURLY = concept(
  'soaking-pad-hourly',
  [`(?:一|每)(?:个)?小时${G}{0,4}(?:换|湿透)${G}{0,4}(?:卫生巾|护垫|姨妈巾)`],
  [
    '(?:soak\\w*|going through|fill\\w*|chang\\w*) (?:through )?(?:a |one )?(?:pad|tampon|pads|tampons) (?:\\w+ ){0,2}(?:every|each|an|per) (?:hour|hr)',
  ],
);

const HEMATEMESIS = concept(
  'haematemesis',
  [
    `(?:吐|呕)(?:了)?${G}{0,5}血`,
    '呕血',
    `吐出${G}{0,4}(?:血|咖啡色|咖啡渣)`,
    '咖啡(?:渣|色)(?:样)?(?:的)?(?:东西|呕吐物)',
    `呕吐物${G}{0,3}(?:有|带|是)${G}{0,2}(?:血|咖啡)`,
  ],
  [
    '(?:vomit\\w*|throw\\w* up|threw up|puk\\w*|spit\\w* up|spat up|bring\\w* up|brought up) (?:\\w+ ){0,2}(?:blood|bloody)',
    '(?:blood|bloody) (?:in|with) (?:my |his |her |the )?(?:vomit|puke|sick)',
    'bloody vomit',
    'coffee[- ]grounds?',
    'ha?ematemesis',
  ],
);

const MELENA = concept(
  'melaena',
  [
    '黑便',
    '柏油(?:样|色)?(?:便|大便|的大便)?',
    `(?:大便|便便|屎|粑粑|拉的|拉出来的)${G}{0,4}(?:黑色|发黑|黑的|像柏油|柏油|黑乎乎)`,
    '拉黑(?:色)?(?:的)?(?:屎|便|大便)',
  ],
  [
    '(?:black|tarry|tar[- ]like|tar[- ]colou?red|sticky black) (?:\\w+ ){0,2}(?:stool|stools|poop|poo|bowel movements?|feces|faeces)',
    '(?:stool|stools|poop|poo|feces|faeces) (?:\\w+ ){0,3}(?:black|tarry|like tar|tar[- ]like)',
    'mela?ena',
  ],
);

const BLACK_STOOL_EXPLAINED = concept(
  'black-stool-explained',
  [
    '铁剂',
    '补铁',
    '吃铁',
    '硫酸亚铁',
    '铋剂',
    '枸橼酸铋',
    '黑芝麻',
    '猪血',
    '鸭血',
    '动物血',
    '血豆腐',
    '蓝莓',
    '桑葚',
    '铁片',
  ],
  [
    'iron (?:tablets|pills|supplements?)',
    'taking iron',
    'bismuth',
    'pepto',
    'blueberries',
    'black licorice',
    'activated charcoal',
  ],
);

const LARGE_RECTAL_BLEED = concept(
  'large-rectal-bleed',
  [
    `(?:便血|拉血|大便出血|肛门出血)${G}{0,3}(?:很多|好多|大量|不止|一大摊|一马桶|止不住)`,
    `(?:拉|便)了${G}{0,2}(?:很多|好多|一大摊|一马桶|大量)(?:的)?血`,
    '马桶(?:里)?(?:全是|都是)血',
  ],
  [
    '(?:large amounts?|a lot|lots|so much) of blood (?:from|in|out of) (?:my|his|her) (?:bottom|rectum|butt|stool|poop|back passage)',
    '(?:passing|passed) (?:large amounts of |a lot of |lots of )?(?:blood|clots) (?:from|out of) (?:my|his|her) (?:bottom|rectum|back passage|butt)',
    'toilet (?:bowl )?(?:is |was )?(?:full of|filled with) blood',
  ],
);

const BLOOD_IN_STOOL_MINOR = concept(
  'blood-in-stool-minor',
  ['便血', `大便(?:带|有|里有)${G}{0,2}血`, `(?:手纸|卫生纸|纸)上${G}{0,2}血`, '痔疮'],
  [
    'blood (?:in|on) (?:my |the )?(?:stool|poop|poo|toilet paper)',
    'bloody (?:stool|poop)',
    'rectal bleeding',
    'ha?emorrhoids?',
    'piles',
  ],
);

const HEMOPTYSIS_MASSIVE = concept(
  'haemoptysis-massive',
  [
    `(?:咳|咯)(?:出)?(?:了)?${G}{0,2}(?:一大口|大口|很多|好多|大量|一口一口)(?:的)?血`,
    '大(?:口)?咯血',
    `咯血${G}{0,2}(?:很多|不止)`,
  ],
  [
    'cough\\w* up (?:a lot of|lots of|large amounts of|so much|a cup of|cups of|mouthfuls of|big clots of) blood',
    'coughing up (?:blood )?clots',
    'massive ha?emoptysis',
    'cup(?:ful)? of blood',
    "blood(?: [\\w']+){0,3},? (?:like |about |maybe |nearly )?(?:half )?a (?:cup|cupful|mouthful|glass)",
  ],
);

const HEMOPTYSIS_MINOR = concept(
  'haemoptysis-minor',
  [`(?:痰|咳嗽|咳)${G}{0,4}(?:带|有)${G}{0,2}血`, '咯血', '咳血', `(?:咳|咯)出${G}{0,2}血`],
  [
    'cough\\w* up (?:\\w+ ){0,3}(?:blood|bloody)',
    'blood[- ]streaked (?:phlegm|sputum|mucus)',
    '(?:phlegm|sputum|mucus) (?:with|has) (?:blood|streaks of blood)',
    'ha?emoptysis',
  ],
);

const GUM_BLEEDING = concept(
  'gum-bleeding',
  [`牙龈${G}{0,3}(?:出血|流血|血)`, `刷牙${G}{0,6}(?:出血|流血|血)`],
  [
    '(?:bleeding|bloody) gums',
    'gums? (?:\\w+ )?(?:bleed\\w*|bled)',
    '(?:bled|bleed\\w*) (?:\\w+ ){0,3}(?:brush\\w*|floss\\w*)',
    '(?:brush\\w*|floss\\w*) (?:\\w+ ){0,4}(?:bled|bleed\\w*|blood)',
  ],
);

const NOSEBLEED = concept(
  'nosebleed',
  ['(?:流|出)鼻血', '鼻(?:子)?出血', '鼻血'],
  ['nose ?bleeds?', 'bloody nose', 'nose (?:is )?bleeding'],
);

const LACERATION = concept(
  'laceration',
  [
    `(?:伤口|口子)${G}{0,3}(?:很深|特别深|挺深|比较深|裂开|很大|很长)`,
    '(?:需要|要不要|得)缝(?:针|合)?',
  ],
  [
    'deep (?:cut|wound|gash|laceration)',
    'gash',
    '(?:need|needs|might need) stitches',
    '(?:cut|wound) (?:is )?(?:deep|gaping|wide open)',
  ],
);

// ───────────────────────────── breathing ─────────────────────────────

const SEVERE_DYSPNEA = concept(
  'severe-breathing-difficulty',
  [
    '喘不(?:上|过|动)(?:来)?气',
    '(?:上|透)不(?:上|过)(?:来)?气',
    '气(?:都)?喘不(?:上来|过来|上|过)',
    `(?:呼吸|喘气|吸气)${G}{0,3}(?:困难|不过来|不上来|费力|费劲|吃力|窘迫|衰竭)`,
    `说(?:一句|两句|几句|几个字)话?${G}{0,4}(?:停|喘|歇)`,
    `(?:无法|不能|没法|没办法)${G}{0,1}呼吸`,
    '吸不(?:进|上|到)(?:去)?(?:气)?',
    '(?:快|要|快要)(?:被)?憋死',
    `憋(?:得|的)${G}{0,3}(?:慌|难受|喘不|脸|发紫|不行)`,
    '窒息',
    `(?:嘴唇|嘴|脸|脸色|嘴巴|嘴周)${G}{0,2}(?:发紫|发青|发绀|紫了|青紫|乌紫|变紫|变青|乌青|发乌|紫绀|青了)`,
    '三凹征',
    `(?:说话|话)${G}{0,2}(?:都)?说不(?:完整|完|全)`,
  ],
  [
    `(?:${CANT}|hard to|struggling to|struggle to|trouble|difficulty|difficult to|fighting to|barely) (?:\\w+ )?(?:breathe|breath|breathing|brea?t?h?e?ing|get (?:my |his |her )?breath|catch (?:my|his|her) breath|get (?:enough |any |much )?air)(?! (?:through|out of|thru) (?:my|his|her|the) nose)`,
    'gasp\\w*',
    'struggling for (?:air|breath)',
    'fighting for (?:air|breath)',
    'suffocat\\w*',
    '(?:lips|face|mouth|fingertips|fingers) (?:are |is )?(?:\\w+ )?(?:blue|purple|grey|gray|bluish)',
    '(?:blue|purple|bluish|grey|gray) (?:lips|face|around the mouth)',
    '(?:turning|turned|going) blue',
    'breathing (?:is )?(?:very |really |so )?(?:labou?red|shallow and fast)',
    "(?:can't|cannot) (?:speak|talk) in full sentences",
    'too breathless to (?:talk|speak)',
    '(?:can|could) (?:barely|hardly) (?:breathe|breath|talk|speak|get a breath)',
    'can only (?:say|speak|get out|manage) (?:a few|one|two|three|a couple of)(?: or \\w+)? words',
    "(?:can't|cannot) (?:finish|complete) (?:a |my |his |her )?sentences?",
    '(?:ribs?|chest|neck|tummy|belly) (?:\\w+ ){0,4}(?:sucks?|sucking|pulls?|pulling) in',
    'retractions',
    '(?:nostrils|nose) flaring',
    'grunting',
  ],
);

const BREATHLESS_MILD = concept(
  'breathlessness',
  [
    '气短',
    '气促',
    '气急',
    '呼吸急促',
    '呼吸(?:有点|有些)?(?:不畅|不顺|短促)',
    '上气不接下气',
    '(?<!哮)喘',
  ],
  [
    'short(?:ness)? of breath',
    'breathless\\w*',
    'out of breath(?! (?:after|from|when) (?:running|a run|exercis\\w*|working out|a workout|the gym|sprinting|jogging|sports?))',
    'winded',
    'dyspn\\w*',
    'breathing (?:is )?(?:fast|rapid|quick|hard)',
    'wheez\\w*',
  ],
);

const ASTHMA_ATTACK = concept(
  'asthma-attack',
  ['哮喘(?:发作|犯了|又犯|急性发作)'],
  ['asthma attack', 'asthma (?:is )?(?:flaring|acting up|bad)'],
);

const INHALER_FAILING = concept(
  'reliever-not-working',
  [
    `(?:喷|吸)(?:了)?${G}{0,4}(?:药|喷雾|气雾剂|万托林|沙丁胺醇)${G}{0,3}(?:也)?(?:没用|没效果|不管用|没有用|不起作用|不见好|没缓解)`,
    `(?:药|喷雾|气雾剂)${G}{0,2}(?:也)?(?:没用|不管用|没效果)`,
  ],
  [
    "(?:inhaler|puffer|nebuli[sz]er|ventolin|albuterol|salbutamol) (?:\\w+ ){0,2}(?:isn't|is not|not|isnt|doesn't|does not|didn't|did not|hasn't|has not|won't) (?:helping|help|working|work|doing anything)",
  ],
);

const CHOKING = concept(
  'choking',
  [
    '噎住',
    '噎着',
    '卡住(?:了)?(?:喉咙|嗓子|气管)',
    `(?:食物|东西|果冻|花生|糖果|糖|葡萄|坚果|瓜子|豆子|玩具|硬币)${G}{0,3}(?:噎住|卡(?:在|住)${G}{0,2}(?:喉咙|嗓子|气管))`,
    '呛住',
    '气管(?:里)?(?:有)?异物',
  ],
  [
    'choking(?! up)',
    "(?:is|he's|she's|i'm|baby's) chok\\w*",
    `something (?:is )?(?:stuck|lodged) in ${POSS} (?:throat|windpipe|airway)`,
  ],
);

const FISH_BONE = concept(
  'fish-bone',
  [`(?:鱼刺|鱼骨|骨头|鸡骨头|枣核)${G}{0,3}(?:卡|扎|刺)`],
  [
    `(?:fish ?bone|chicken bone|bone) (?:\\w+ )?(?:stuck|lodged|caught) in ${POSS} throat`,
    'swallowed (?:a |an )?(?:fish ?bone|chicken bone|bone)',
  ],
);

// ───────────────────────────── anaphylaxis ─────────────────────────────

const AIRWAY_CLOSING = concept(
  'airway-swelling',
  [
    `(?:喉咙|嗓子|喉头|咽喉|嗓子眼)${G}{0,2}(?:发紧|收紧|被掐住|像被掐住|像被堵住|堵得|水肿)`,
    `舌头${G}{0,4}(?:肿|变大|变厚)`,
    '喉头水肿',
  ],
  [
    `(?:throat|airway) ${W}{0,3}(?:closing|tightening|tight|constricting|swelling shut|swelling up)`,
    `throat (?:is |started |starting )?swelling`,
    'tongue (?:\\w+ )?(?:is |feels |keeps |has )?(?:swelling|swollen|swelled|getting bigger|huge|puffing up|puffed up)',
    'swollen tongue',
    `swelling (?:of|in) ${POSS} (?:throat|tongue)`,
    `${CANT} swallow (?:\\w+ ){0,2}(?:saliva|spit)`,
  ],
);

const SWELLING_ANY = concept(
  'face-or-throat-swelling',
  [
    `(?:嘴唇|嘴|脸|眼睛|眼皮|脸部|面部|喉咙|嗓子|舌头|全身)${G}{0,2}(?:肿起来|肿了|肿胀|水肿|肿得|肿)(?!痛)`,
  ],
  [
    '(?:lips?|face|eyes?|eyelids?|mouth|tongue|throat) (?:\\w+ ){0,2}(?:swollen|swelling|swelled|puffy|puffed up|puffing up)',
    'swollen (?:lips?|face|eyes|eyelids|tongue|throat)',
    `swelling (?:of|in|on) ${POSS} (?:lips?|face|eyes|tongue|throat)`,
  ],
);

const HIVES = concept(
  'hives',
  [
    `(?:起|出)(?:了)?${G}{0,3}(?:疹子|风团|荨麻疹|红疹|疙瘩)`,
    '荨麻疹',
    '风团',
    `全身${G}{0,2}(?:痒|红|疹)`,
  ],
  ['hives', 'welts', 'rash all over', 'itchy all over', 'broke out in'],
);

const ALLERGY_TRIGGER = concept(
  'allergen-exposure',
  [
    '过敏',
    '(?:花生|坚果|海鲜|虾|蟹|螃蟹|贝类|芒果)',
    `(?:打|输|注射)(?:了|完)?${G}{0,4}(?:针|液|青霉素|头孢|疫苗)`,
    '(?:青霉素|头孢|阿莫西林|磺胺|造影剂)',
    '(?:蜜蜂|黄蜂|马蜂|蝎子|蜈蚣|水母)',
    '(?:蛰|蜇)',
    `吃(?:了)?${G}{0,4}药`,
    `(?:吃|喝|用|涂)(?:了|完)${G}{0,6}(?:以后|之后|后)`,
    '输液',
  ],
  [
    'allerg\\w*',
    'peanuts?',
    'tree nuts?',
    'nuts',
    '(?:cashew|almond|walnut|pistachio|hazelnut|pecan|brazil nut)s?',
    'shellfish',
    'shrimp',
    'prawns?',
    'seafood',
    'lobster',
    'crab',
    'sesame',
    '(?:bee|wasp|hornet|insect|jellyfish|fire ant) (?:sting|stings|stung|bite)',
    'stung',
    '(?:bee|wasp|hornet)s?',
    'penicillin',
    'amoxicillin',
    'antibiotic\\w*',
    'cephalosporin',
    'sulfa',
    'contrast dye',
    '(?:new|a) (?:medication|medicine|drug|pill)',
    'injection',
    'vaccin\\w*',
    'took (?:\\w+ ){0,2}(?:pill|medicine|medication|tablet)s?',
    '(?:after|since) (?:i |he |she |they )?(?:eating|having|taking|drinking|trying|took|ate|had|drank)',
    '(?:ibuprofen|aspirin|paracetamol|nsaids?|codeine|naproxen)',
    'infusion',
  ],
);

const ANAPHYLAXIS_STATED = concept(
  'anaphylaxis-stated',
  ['过敏性休克', '严重过敏反应'],
  ['anaph?[yi]la\\w*', 'allergic shock', 'severe allergic reaction'],
);

const MINOR_ORAL_BURN = concept(
  'minor-oral-burn',
  [`烫(?:到|伤|了)${G}{0,2}(?:舌头|嘴|嘴巴|嘴唇|口腔)`, `(?:舌头|嘴)${G}{0,2}(?:被)?烫`],
  [
    `burn(?:ed|t)? (?:${POSS} )?(?:tongue|mouth|lips?)`,
    '(?:hot|scalding) (?:tea|coffee|soup|drink|food|pizza)',
    '(?:tongue|mouth) (?:\\w+ ){0,3}burn\\w*',
  ],
);

// ───────────────────────────── self-harm ─────────────────────────────

const SUICIDAL = concept(
  'suicidal-ideation',
  [
    '不想活',
    `活(?:着)?${G}{0,2}(?:没|没有)(?:意思|意义|盼头|希望)`,
    '活(?:着)?(?:不|不想)下去',
    '活够了',
    '想死(?![你您他她])',
    `(?:想|要|准备|打算|计划)${G}{0,3}(?:自杀|轻生|寻死|割腕|跳楼|跳河|上吊|服毒|吃安眠药|结束(?:自己的)?生命|了结自己|去死)`,
    '自杀',
    '轻生',
    '寻死',
    '割腕',
    '自残',
    '自伤',
    '伤害自己',
    '(?:划|割)(?:伤)?(?:自己|手腕)',
    '结束(?:自己的)?生命',
    '结束(?:这)?一切',
    '了结(?:自己|一切|此生|这一生|生命)',
    '一了百了',
    '一死了之',
    '寻短见',
    `没有我${G}{0,4}(?:更好|更轻松|好过)`,
    `(?:我|自己)(?:消失|不在了|走了)${G}{0,4}(?:更好|更轻松|好过|解脱)`,
    '(?:跳下去|跳桥|跳江|跳海)',
    `(?:死了|死掉)${G}{0,3}(?:算了|就好了|更好|解脱|一了百了|就不用)`,
    '不如死了',
    `(?:我|自己)死了${G}{0,8}(?:更好|好过|轻松|解脱)`,
    '跳楼(?!价|大甩卖)',
    '(?:从楼上跳|跳下楼)',
    '(?:遗书|遗言|绝笔)',
    '(?:今晚|今天|明天)(?:就)?(?:要)?(?:走了|离开这个世界|结束)',
    '(?:离开|告别)这个世界',
    '永别了',
    `想${G}{0,2}(?:从这个世界(?:上)?)?消失`,
    '不想(?:再)?存在',
    '同归于尽',
    `(?:扬言|威胁|说要|闹着要)${G}{0,4}(?:自杀|跳楼|跳河|喝药|吃药|寻死|去死)`,
    `(?:药|安眠药|绳子|刀片|农药|炭)${G}{0,4}(?:已经)?(?:准备好|攒够|买好)`,
    `活(?:着|在世上|在这个世界上)?${G}{0,4}(?:没有|没)${G}{0,3}(?:意思|意义|盼头|希望)`,
    `(?:睡|睡过去)${G}{0,4}(?:不醒|醒不来|不再醒)`,
    '再也不(?:醒|用醒)',
    '想(?:要)?(?:彻底)?解脱',
    '不想(?:再)?醒(?:来|过来)',
    `(?:攒|囤|存|准备)${G}{0,4}(?:安眠药|绳子|刀片|农药)`,
  ],
  [
    'sui?cid\\w*',
    'kill(?:ing)? (?:my|him|her|them)sel(?:f|ves)',
    'kms',
    'unalive',
    '(?:want\\w*|wanna|going|gonna|plan\\w*|think\\w* about|thought about|wish|ready|trying) (?:\\w+ ){0,2}(?:to )?(?:die|be dead|end (?:it all|my life|things|everything))',
    '(?:going|gonna|plan\\w*|want\\w*) to (?:take|swallow) (?:all|every|the whole|a bunch|a handful) (?:of )?(?:my |the |his |her )?(?:pills|tablets|meds|medication)',
    '(?:nobody|no one|no-one) would (?:even )?(?:notice|care|miss me)',
    "(?:happier|better)(?: off)? (?:if|without|when) (?:i|i'm|i am)(?: was| were)? (?:dead|gone|not here|not around)",
    '(?:goodbye|farewell) (?:letters?|notes?|messages?|texts?)',
    "won't be (?:here|around|alive) (?:tomorrow|much longer|anymore)",
    'this is (?:my )?goodbye',
    '(?:done|finished) with (?:life|living|everything|it all)',
    "(?:going to|gonna|want to|will|i'll) end it(?! (?:with|off|between))",
    'said (?:my|our) goodbyes',
    "(?:threaten\\w*|talking about|talks about|says? (?:she|he|they)(?:'s| is| are)? going) to (?:overdose|kill (?:her|him|them)sel(?:f|ves)|end (?:it|her life|his life|their life)|jump|cut (?:her|him|them)sel(?:f|ves))",
    'sleep forever',
    'want (?:it|everything|this) (?:all )?to (?:be over|end|stop)',
    '(?:cut|cutting|slit|slitting|slash\\w*) (?:\\w+ )?wrists?',
    "(?:life|it) (?:is|'s)? ?(?:not|n't|isnt) worth (?:it|living) (?:anymore|any more)",
    'end (?:it all|my life|my own life|things for good|everything)',
    'ending (?:it all|my life|everything)',
    'take my (?:own )?life',
    "(?:better|best) off (?:dead|without me|if i (?:was|were) gone|if i wasn't here)",
    "wish (?:i|i'd) (?:was|were|had) (?:dead|never been born|not here|not alive)",
    "wish i (?:could )?(?:die|disappear forever|not wake up|never wake up|didn't wake up|go to sleep and never wake up)",
    "(?:don't|do not|dont) want to (?:live|be alive|wake up|exist|be here) ?(?:anymore|any more)?",
    "(?:don't|do not|dont|can't|cannot) see (?:any|a|the) (?:reason|point) (?:to|in) (?:keep |go on |going on )?(?:living|live|life|being alive|staying alive|go on|going on)",
    '(?:no|any) (?:reason|point) (?:to|in) (?:keep |go on |going on )?(?:living|live|being alive|staying alive|go on|going on)',
    "(?:not|n't|isnt|no longer) worth living",
    "(?:can't|cannot) go on (?:anymore|like this|living)",
    '(?:cut|cutting|hurt|hurting|harm|harming|burn|burning) (?:my|him|her|them)sel(?:f|ves)',
    'self[- ]?harm\\w*',
    'overdose on purpose',
    '(?:jump|jumping) (?:off|from) (?:a |the )?(?:bridge|building|roof|balcony)',
    'hang (?:my|him|her)self',
    'lethal dose',
    'how (?:many|much) (?:\\w+ ){0,4}(?:to die|would it take to (?:die|kill))',
    '(?:pills|tablets) (?:\\w+ ){0,3}to (?:die|kill myself|end it)',
    '(?:goodbye|suicide) (?:note|letter)',
  ],
);

const DISTRESS = concept(
  'severe-distress',
  [
    '(?:撑|熬)不下去',
    '想不开',
    '不想(?:再)?这样下去',
    '(?:我|自己)(?:就)?是(?:个)?废物',
    '活着(?:好|太|真|很)(?:累|痛苦)',
    `(?:是|成了)${G}{0,4}(?:累赘|负担)`,
    '绝望',
  ],
  [
    "(?:can't|cannot) (?:take|cope with|handle) (?:it|this) (?:anymore|any more)",
    'hopeless',
    'worthless',
    "(?:i'm|i am) a burden",
    'burden (?:to|on) (?:everyone|my family)',
  ],
);

const MENTAL = concept(
  'mental-health',
  [
    '抑郁',
    '焦虑',
    '失眠',
    '睡不着',
    '睡不好',
    '压力(?:很|太|好|特别)?大',
    '心情(?:不好|低落|差)',
    '情绪(?:低落|不好)',
    '恐慌',
    '惊恐',
  ],
  [
    'depress\\w*',
    'anxi\\w*',
    'insomnia',
    "(?:can't|cannot|trouble|hard to) (?:sleep|fall asleep)",
    'stress\\w*',
    'panic attacks?',
    'low mood',
    'feeling down',
  ],
);

// ───────────────────────────── pregnancy ─────────────────────────────

const PREGNANCY = concept(
  'pregnancy',
  [
    '(?<!备|想|准备|打算|要)怀孕(?!试纸)',
    '怀(?:了)?(?:宝宝|孩子|二胎|三胎|双胞胎)',
    '怀上了',
    '(?<!备)孕(?:\\d+|[一二两三四五六七八九十]+)(?:个)?(?:多)?(?:周|月|星期)',
    '孕(?:早期|中期|晚期|妇)',
    '(?<!备)孕期',
    '身孕',
    '妊娠',
    '胎动',
    '胎儿',
    '胎心',
    '预产期',
    `(?:验孕棒|试纸)${G}{0,4}(?:两条杠|阳性|两道杠)`,
  ],
  [
    '(?<!(?:get|getting|become|becoming) )pregnan\\w*(?! test)',
    'positive (?:pregnancy|preg|hcg) test',
    '(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:weeks?|wks?|months?) (?:pregnant|along|gestation)',
    'expecting (?:a baby|twins)',
    "(?:i'm|i am|she's|she is|wife is) expecting",
    'trimester',
    'fo?etal',
  ],
);

const IS_PREGNANT = anyOf(PREGNANT_IN_CONTEXT, has(PREGNANCY));

const VAGINAL_BLEEDING = concept(
  'vaginal-bleeding',
  [
    `(?:阴道|下面|下身|私处)${G}{0,2}(?:出血|流血|有血|见血)`,
    '出血',
    '流血',
    '见红',
    `(?:流|出)了${G}{0,3}血`,
    '血块',
    '(?:都是|全是|好多|很多|一滩|一摊)血',
  ],
  ['bleed\\w*', 'bled', 'blood', 'clots'],
);

const SPOTTING = concept(
  'spotting',
  [
    `(?:一点|一点点|少量|少许|些许|点)${G}{0,2}(?:血丝|血|褐色|咖啡色|粉色)`,
    '血丝',
    '点滴出血',
    '(?:褐色|咖啡色|粉色)(?:的)?(?:分泌物|白带)',
  ],
  [
    'spotting',
    '(?:light|a little|a bit of|slight|some) (?:bleeding|blood|spotting)',
    '(?:brown|pink) discharge',
  ],
);

const ABDO_PAIN_ANY = concept(
  'abdominal-pain',
  [`(?:肚子|腹部|小腹|下腹|上腹|肚脐|胃)${G}{0,4}(?:疼|痛|绞痛|剧痛|不舒服|难受)`, '腹痛'],
  [
    '(?:stomach|tummy|belly|abdominal|abdomen|pelvic|gut) ?(?:ache|pain|pains|cramps?|hurts?|hurting|is hurting|discomfort)',
    'stomachache',
    'bellyache',
    'cramp(?:s|ing)',
    '(?:pain|cramps?|ache) (?:\\w+ ){0,2}(?:in|on) (?:my |the |his |her )?(?:lower |upper )?(?:belly|abdomen|tummy|stomach|pelvis)',
    'sharp pain (?:\\w+ ){0,2}(?:on|in) (?:one|my (?:left|right)|the (?:left|right)) side',
  ],
);

const SEVERE_ABDO_PAIN = concept(
  'severe-abdominal-pain',
  [
    `(?:肚子|腹部|小腹|下腹|上腹|腹|胃|肚)${G}{0,4}(?:剧痛|剧烈(?:疼痛|的疼|的痛|地疼|地痛|疼|痛)|刀割|撕裂|绞痛)`,
    `(?:肚子|腹部|小腹|下腹|上腹|腹|胃|肚)${G}{0,4}(?:疼|痛)(?:得|的)${G}{0,2}(?:受不了|厉害|要命|不行|打滚|直不起腰|冒汗|冷汗|站不起来|哭|睡不着|满地打滚|动不了)`,
    '(?:剧烈|严重)(?:的)?(?:腹痛|肚子疼|肚子痛|胃痛|胃疼|腹部疼痛)',
    `腹痛${G}{0,2}(?:剧烈|难忍|厉害|加剧)`,
  ],
  [
    '(?:severe|bad|terrible|excruciating|intense|unbearable|extreme|worst|agoni[sz]ing|really bad|stabbing)(?: \\w+)? (?:abdominal|stomach|belly|tummy|pelvic|abdomen|lower abdominal|gut) (?:pain|pains|cramps?|ache)',
    '(?:abdominal|stomach|belly|tummy) (?:pain|ache) (?:is )?(?:severe|unbearable|excruciating|terrible|really bad)',
    'worst (?:\\w+ )?(?:stomach|belly|abdominal|tummy) pain',
    '(?:severe|terrible|excruciating|intense|unbearable|extreme|agoni[sz]ing|sharp) (?:pain|cramps?) (?:in|on) (?:my |the |his |her )?(?:lower |upper )?(?:stomach|belly|abdomen|tummy)',
    '(?:severe|terrible|excruciating|intense|unbearable|extreme|agoni[sz]ing) (?:cramping|cramps)',
    '(?:stomach|belly|abdominal|tummy) (?:pain|ache) (?:is )?so (?:bad|severe|intense)',
    "(?:pain|hurts) so (?:bad|much) (?:that )?(?:i|he|she) (?:can't|cant|cannot) (?:stand|walk|move|sit)",
    "(?:doubled over|writhing|curled up|can't stand up straight|cannot stand up)(?: \\w+){0,2} (?:in|with|from) pain",
    'sharp pain (?:\\w+ ){0,2}(?:on|in) (?:one|my (?:left|right)|the (?:left|right)) side',
  ],
);

const REDUCED_FETAL_MOVEMENT = concept(
  'reduced-fetal-movement',
  [
    `胎动${G}{0,6}(?:减少|变少|少了|很少|没有了|没了|消失|不明显|停了|感觉不到|少)`,
    `(?:没有|没|感觉不到|摸不到|察觉不到)${G}{0,2}胎动`,
    `(?:肚子里的)?(?:宝宝|胎儿)${G}{0,4}(?:不动了|不怎么动|没有动|没动静|一直没动|不太动|好久没动)`,
    `胎心${G}{0,3}(?:没了|消失|听不到|测不到|异常|太快|太慢)`,
    `(?:没|没有|不)(?:怎么)?(?:感觉到|感到|觉得)${G}{0,3}(?:宝宝|胎儿|孩子)?${G}{0,2}(?:动|胎动)`,
  ],
  [
    "(?:baby|baby's|fetus|foetus) (?:\\w+ ){0,2}(?:hasn't|has not|hasnt|isn't|is not|not|stopped|didn't|haven't) (?:been )?(?:mov\\w*|kick\\w*)",
    '(?:reduced|decreased|less|fewer|no) (?:fetal |foetal |baby )?(?:movements?|kicks?)',
    "(?:haven't|have not|havent|hasn't|not) felt (?:the |my )?baby (?:move|moving|kick\\w*)",
    'baby (?:is )?(?:moving|kicking) less',
    "(?:baby|baby's|babys|fetal|foetal) (?:kicks|movements?) (?:have |has )?(?:stopped|slowed|reduced|decreased|gone quiet)",
    'baby (?:has )?(?:gone|been|is) (?:very )?quiet',
    "(?:can't|cannot) feel (?:the |my )?baby (?:move|moving|kick\\w*)",
  ],
);

const WATERS_BROKEN = concept(
  'waters-broken',
  ['破水', '羊水(?:破了|流出|漏|流)', '破羊水'],
  [
    '(?:water|waters) (?:has |have |just )?(?:broke|broken|breaking|went|gone)',
    'leaking (?:amniotic )?fluid',
  ],
);

const SHOULDER_TIP_PAIN = concept(
  'shoulder-tip-pain',
  ['肩(?:尖|膀尖)(?:疼|痛)'],
  ['shoulder[- ]tip pain'],
);

const SEVERE_HEADACHE = concept(
  'severe-headache',
  [
    '(?:剧烈|严重|厉害)(?:的)?头(?:痛|疼)',
    `头(?:痛|疼)${G}{0,3}(?:厉害|剧烈|受不了|得不行|欲裂|得要命)`,
    '头痛欲裂',
  ],
  [
    '(?:severe|terrible|bad|awful|excruciating|pounding|splitting|worst|intense|really bad) headache',
    "headache (?:\\w+ )?(?:is |that is )?(?:severe|terrible|unbearable|won't go away)",
  ],
);

const VISION_DISTURBANCE = concept(
  'vision-disturbance',
  [
    `(?:视物|看东西|眼睛|视力)${G}{0,2}(?:模糊|不清|重影|发花|有闪光|冒金星)`,
    '眼(?:前)?(?:冒金星|发花)',
  ],
  [
    'blurr?y vision',
    'blurred vision',
    'vision (?:is )?(?:blurr?y|blurred)',
    'seeing (?:spots|stars|flashing lights|double)',
    'flashing lights',
    'double vision',
  ],
);

// ───────────────────────────── fever ─────────────────────────────

const FEVER = concept(
  'fever',
  [
    '发烧',
    '发热',
    '高烧',
    '低烧',
    '烧到',
    `(?:体温|温度)${G}{0,2}(?:高|升高|偏高)`,
    `(?:额头|身上|身体|手心|头|脑门)${G}{0,2}(?:很|好|特别|有点)?烫`,
    '退烧',
  ],
  [
    '(?<!hay )fever\\w*',
    'febrile',
    'temperature (?:of|is|was|at|reading|\\d)',
    'temp (?:of|is|was|\\d)',
    'running a (?:temp|temperature|fever)',
    '(?:has|have|had|got|with|and) a (?:high |slight |bit of a )?(?:temp|temperature)',
    '(?:feels?|felt|seems?) (?:really |very |a bit |quite |so )?(?:warm|hot)(?! (?:outside|in here|today))',
    'high temp\\w*',
    '(?:feels|is|felt|feel) (?:\\w+ )?(?:hot|burning up|warm to the touch)',
    'burning up',
    'hot to the touch',
  ],
);

const FEVER_MEASURED = fact('temperatureC', { atLeast: 38 });
const ANY_FEVER = anyOf(has(FEVER), FEVER_MEASURED);

const INFANT_UNWELL = concept(
  'young-infant-red-flags',
  [
    '(?:不|不怎么|不太|不肯)吃奶',
    `吃奶${G}{0,2}(?:差|少|不好)`,
    '拒奶',
    '精神(?:差|不好|很差)',
    '蔫',
    '软绵绵',
    '哭声(?:尖|弱|很弱)',
    '(?:很|特别)?难叫醒',
  ],
  [
    "(?:won't|wont|not|isn't|isnt|refus\\w*|stopped|can't|cannot) (?:to )?(?:feed|feeding|eat|eating|drink|drinking|suck|sucking|nurse|nursing)",
    'floppy',
    'limp',
    'letharg\\w*',
    'hard to wake',
    'inconsolable',
    'high[- ]pitched cry',
  ],
);

// ───────────────────────────── poisoning ─────────────────────────────

const ZH_POISONS =
  '(?:农药|百草枯|敌敌畏|乐果|除草剂|杀虫剂|老鼠药|鼠药|耗子药|消毒液|消毒水|84|漂白(?:剂|水)|洁厕(?:灵|剂)|洗洁精|洗衣液|洗衣凝珠|凝珠|清洁剂|汽油|煤油|柴油|酒精|甲醇|防冻液|干燥剂|纽扣电池|电池|磁铁|磁力珠|磁珠|巴克球|水银|安眠药|降压药|降糖药|一整瓶|一瓶药|一把药|好多药|很多药|整瓶)';

const POISON_INGESTION = concept(
  'poison-ingestion',
  [
    '误(?:服|食|吃|喝|吞)',
    `(?:喝|吃|吞|服|咬|舔|含)(?:了|破|到)?${G}{0,6}${ZH_POISONS}`,
    `把${G}{0,8}${ZH_POISONS}${G}{0,6}(?:喝|吃|吞|咬|舔|含)`,
    `(?:孩子|宝宝|儿子|女儿|小孩|娃)${G}{0,6}(?:喝|吃|吞)(?:了)?${G}{0,6}(?:酒|药酒|白酒)`,
    '洗衣凝珠',
    '(?<!食物)中毒',
    '农药',
    '百草枯',
    '敌敌畏',
    `(?:煤气|燃气|天然气)${G}{0,2}(?:泄漏|中毒|漏了)`,
    '一氧化碳',
    '(?:服|吃)(?:药|了药)?过量',
    `药${G}{0,2}吃多了`,
    `把${G}{0,10}(?:药|药片|药丸|胶囊)${G}{0,2}(?:吃|吞)了`,
    '(?:吃|吞|喝)(?:了)?(?:好几|几|一把|一整|整整|一大把|一堆|十几|二十|几十)(?:片|粒|颗|瓶|盒)',
    `(?:毒蛇|蛇)${G}{0,2}咬`,
    '毒蘑菇',
    `(?:吃|吞)(?:了)?${G}{0,4}野(?:生)?蘑菇`,
  ],
  [
    "(?:swallow\\w*|drank|drunk|drink\\w*|ate|eaten|eating|ingest\\w*|got into|chew\\w*|bit into|licked|took|taken|taking|sucked on)(?: [\\w']+){0,4} (?:[a-z]+ fluid|[a-z]+ cleaner|[a-z]+ unblocker|chemicals?|solvents?|nicotine|vape (?:juice|liquid|pods?)|e-?liquid|methanol|coolant|lamp oil|bleach|detergent|pesticide|insecticide|herbicide|weed ?killer|rat poison|poison|antifreeze|drain cleaner|oven cleaner|cleaning (?:product|fluid|solution|spray)|laundry (?:pods?|capsules?|detergent)|dishwasher (?:pods?|tablets?)|detergent pods?|tide pods?|button batter(?:y|ies)|batter(?:y|ies)|magnets?|lighter fluid|kerosene|gasoline|petrol|paint thinner|nail polish remover|mouthwash|hand sanitizer|essential oils?|mercury|iron pills|mushrooms?)",
    "(?:took|taken|swallowed|ate|had|taking|popped) (?:too many|a lot of|lots of|a handful of|handfuls of|a bunch of|(?:half )?a (?:whole |full |entire )?(?:bottle|pack|packet|box|strip) of|the (?:whole|entire) (?:bottle|pack|packet|box)(?: of)?|all (?:of )?(?:my|his|her|the|their)|(?:1\\d|[2-9]\\d))(?: [\\w']+){0,2}(?: (?:pills|tablets|capsules|meds|medications?|medicine|paracetamol|tylenol|acetaminophen|ibuprofen|advil|aspirin|sleeping pills|insulin|gummies|edibles))?",
    'overdos\\w*',
    '(?:found|got into|got hold of|into) (?:\\w+ ){0,3}(?:pills|tablets|meds|medicine|medication|medicine cabinet)',
    "(?:ate|eaten|swallowed|took|got into|chewed)(?: (?:some|one|a few|all) of)? (?:my |his |her |the )?(?:[a-z]+'s|someone else's) (?:\\w+ ){0,2}(?:pills|tablets|meds|medicine|medication|gummies)",
    "(?:not sure|don't know|dont know|no idea) how many (?:pills|tablets|\\w+ )?(?:she|he|they|i)? ?(?:took|ate|swallowed|had)?",
    '(?<!food )poison(?:ed|ing)?',
    'carbon monoxide',
    'gas leak',
    'snake ?bite',
    'bitten by a (?:\\w+ )?snake',
  ],
);

const SWALLOWED_OBJECT = concept(
  'swallowed-object',
  [`(?:吞|吃)(?:了|下)?${G}{0,4}(?:硬币|钢镚|纽扣(?!电池)|珠子|弹珠|小玩具|玩具零件|钉子|别针)`],
  [
    'swallow\\w* (?:a |an |the )?(?:coin|penny|marble|bead|small toy|toy|button(?! batter)|pin|earring|lego)',
  ],
);

// ───────────────────────────── trauma ─────────────────────────────

const HEAD_INJURY = concept(
  'head-injury',
  [
    `(?:头|脑袋|头部|后脑勺|后脑|额头|脑门)${G}{0,3}(?:撞|磕|摔|碰|砸|被打)(?:到|伤|了|破|在|出)`,
    `(?:撞|磕|摔|碰|砸)(?:到|伤|破|在)(?:了)?${G}{0,3}(?:头|脑袋|头部|后脑勺|后脑|额头|脑门)`,
    `头${G}{0,4}(?:破了|流血|出血)`,
    '脑震荡',
    `(?:头|后脑勺|后脑|脑袋|额头)${G}{0,2}(?:先)?(?:着地|撞地|磕地|落地)`,
    '头部(?:外伤|受伤|受到撞击)',
  ],
  [
    `(?:hit|hitting|bumped|banged|bashed|struck|smacked|knocked|hurt|injured|cracked|whacked) (?:\\w+ )?${POSS} head`,
    'head (?:injury|injuries|trauma|wound|knock|bump)',
    `bump on ${POSS} head`,
    'concussion',
    'knocked (?:out|unconscious)',
    `(?:fell|landed) (?:\\w+ ){0,3}(?:on|onto) (?:my|his|her) head`,
  ],
);

const FAINTED = concept(
  'loss-of-consciousness',
  [
    '(?:昏|晕)(?:过去|倒|厥|了过去)',
    '昏迷',
    '失去(?:了)?(?:意识|知觉)',
    '不省人事',
    '人事不省',
    `(?:短暂|一下|一会儿?)${G}{0,2}(?:没有|没|失去)${G}{0,1}(?:意识|知觉)`,
  ],
  [
    '(?:lost|loss of|losing|lose) consciousness',
    'pass(?:ed)? out',
    'black(?:ed)? out',
    'knocked out',
    'fainted',
    'faint(?:ed|ing)? spell',
    'went unconscious',
    'was unconscious',
  ],
);

const HEAD_INJURY_RED = concept(
  'head-injury-red-flags',
  [
    `(?:一直|反复|不停|连续|喷射(?:状|性)?)${G}{0,1}(?:吐|呕吐)`,
    '(?:吐了|呕吐)(?:好几次|几次|多次|不止)',
    '(?:想睡觉|嗜睡|昏昏欲睡|叫不醒|犯困|迷糊|意识不清|糊涂|胡言乱语|说胡话|记不起来|失忆|认不出人)',
    `(?:耳朵|鼻子)${G}{0,2}(?:流血|出血|流水|流出清水)`,
    `瞳孔${G}{0,2}(?:不一样大|大小不一)`,
  ],
  [
    '(?:keeps?|kept|repeated(?:ly)?|persistent(?:ly)?) (?:\\w+ )?(?:vomit\\w*|throw\\w* up|being sick)',
    'vomited (?:\\w+ )?(?:twice|several times|multiple times|more than once|again)',
    '(?:very |really |so )?(?:drowsy|sleepy|hard to wake|confused|disoriented)',
    "(?:doesn't|does not|can't|cannot) remember",
    'memory loss',
    'amnesia',
    `(?:clear |bloody )?(?:fluid|blood) (?:from|out of|coming out of) ${POSS} (?:nose|ears?)`,
  ],
);

const ANTICOAGULANT = concept(
  'anticoagulant',
  ['华法林', '阿司匹林', '氯吡格雷', '利伐沙班', '达比加群', '抗凝', '抗血小板'],
  [
    'blood thinners?',
    'anticoagula\\w*',
    'warfarin',
    'eliquis',
    'xarelto',
    'apixaban',
    'rivaroxaban',
    'clopidogrel',
    'plavix',
  ],
);

const MAJOR_TRAUMA = concept(
  'major-trauma',
  [
    `(?:从|在)${G}{0,6}(?:楼|层|米|高处|屋顶|梯子|脚手架|架子|阳台|树上|窗户|窗台)${G}{0,6}(?:摔|掉|坠|跌|跳)(?:了)?(?:下来|下去|下|落)`,
    '(?:高处|高空)(?:坠落|摔下|掉下)',
    '坠楼',
    `(?:骨头|骨)${G}{0,3}(?:露|戳|刺|穿)(?:了)?出`,
    '开放性骨折',
    `(?:刀|匕首|玻璃|钢筋|钉子)${G}{0,4}(?:捅|刺|扎|插|砍)(?:伤|进|穿|入|了)`,
    '(?:捅|刺|砍)伤',
    `被${G}{0,4}(?:捅|砍|刺)(?:了|伤)`,
    '枪伤',
    `(?:手指|手|脚|胳膊|腿|脚趾)${G}{0,3}(?:被)?${G}{0,3}(?:切断|砍断|夹断|轧断|断了下来)`,
    '断肢',
    '断指',
    `被${G}{0,2}(?:车|汽车|卡车|货车|公交|摩托车|电动车)${G}{0,2}(?:撞|碾|轧|压|刮倒)`,
    `(?:压|卡)在${G}{0,4}(?:车轮|车下|车底|底下|下面)`,
    `(?:被)?(?:重物|机器|钢板|墙|石头)${G}{0,3}(?:压住|砸中|砸伤|卷进)`,
  ],
  [
    '(?:fell|fall|fallen|falling|jumped) (?:\\w+ ){0,2}(?:from|off|out of) (?:a |the |his |her |my )?(?:roof|ladder|balcony|building|window|height|scaffold\\w*|tree|cliff|bridge|(?:second|third|fourth|2nd|3rd|4th|\\d+(?:st|nd|rd|th)?) (?:floor|story|storey)|\\d+ (?:floors?|stories|storeys|meters|metres|feet|ft))',
    'hit by a (?:car|truck|bus|vehicle|motorbike|motorcycle|train|van)',
    '(?:run|ran) over by',
    '(?:bone|bones) (?:\\w+ ){0,2}(?:sticking|poking|coming|protruding) (?:out|through)',
    '(?:open|compound) fracture',
    'stabbed',
    'stab wound',
    'stabbing(?! (?:pain|pains|sensation|feeling))',
    '(?:gunshot|been shot|was shot|got shot)',
    'impaled',
    '(?:finger|fingers|hand|toe|toes|arm|leg|foot) (?:\\w+ )?(?:was |got |been )?(?:cut|chopped|sliced|ripped|torn) off',
    'amputat\\w*',
    'crush(?:ed)? (?:\\w+ )?(?:under|by|injury)',
    'pinned (?:under|beneath)',
  ],
);

const TRAUMA_MECHANISM = concept(
  'trauma-mechanism',
  ['车祸', '(?:被)?车(?:撞|碰|刮)', '追尾', `(?:摩托车|电动车|自行车)${G}{0,3}(?:撞|摔|翻)`],
  [
    '(?:car|motorcycle|motorbike|bike|bicycle|traffic|road|auto) (?:accident|crash|collision|wreck)',
    'rear[- ]ended',
    'was in a crash',
  ],
);

const FALL = concept(
  'fall',
  [`(?:摔|跌|掉)(?:了)?(?:下来|下去|倒|一跤)`],
  ['(?:fell|fallen|falling) (?:down|off|from|over)', 'had a fall'],
);

const TRAUMA_SEVERE_SIGNS = concept(
  'trauma-severe-signs',
  [
    '动不了',
    '不能动',
    '站不起来',
    '变形',
    `(?:脖子|颈部|后背|背部)${G}{0,2}(?:疼|痛)`,
    '剧痛',
    '卡在车里',
  ],
  [
    `${CANT} (?:move|feel) (?:${POSS} )?(?:legs?|arms?|neck)`,
    'neck pain',
    'neck (?:\\w+ )?hurts',
    '(?:hands?|arms?|legs?|feet) (?:are |is |feel )?(?:tingling|numb)',
    'back pain',
    'severe pain',
    'deformed',
    'bent (?:the )?wrong way',
    `${CANT} move (?:it|${POSS})`,
    'trapped',
    'stuck in the car',
  ],
);

const FRACTURE = concept(
  'possible-fracture',
  [
    '骨折',
    `(?:可能|是不是|好像|怀疑)${G}{0,2}(?:骨折|断了)`,
    `骨头${G}{0,2}断`,
    '变形',
    `(?:不能|没法|无法)${G}{0,1}(?:走路|着地|受力)`,
    '动不了',
  ],
  [
    '(?<!waters? )broke(?! (?:the )?skin| up| down| out)',
    'broken',
    'fractured?',
    `${CANT} (?:put (?:any )?weight on|bear weight on|walk on|move) (?:it|my|his|her)`,
    'deformed',
    'bent (?:the )?wrong way',
  ],
);

const SPRAIN = concept(
  'sprain',
  [
    '崴(?:了)?(?:脚|到)',
    '扭(?:伤|到)',
    '扭了(?:一下)?',
    `(?:脚踝|脚脖子|手腕|膝盖)${G}{0,2}(?:扭|崴|肿)`,
    '拉伤',
  ],
  [
    'sprain\\w*',
    '(?:twisted|rolled|turned) (?:my|his|her) (?:ankle|knee|wrist)',
    'strain(?:ed)? (?:a |my )?(?:muscle|back|hamstring)',
    'pulled (?:a )?muscle',
  ],
);

// ───────────────────────────── seizure ─────────────────────────────

const SEIZURE = concept(
  'seizure',
  [
    '(?<!眼皮|眼睛|嘴角|肌肉|眼|胃|脸|腿)抽搐',
    '抽风',
    '惊厥',
    `癫痫${G}{0,2}(?:发作|犯了|又犯)`,
    '犯(?:了)?癫痫',
    `抽(?:了)?${G}{0,2}(?:好几|几|十几|一|两|三|四|五|\\d+)分钟`,
    '羊(?:角|癫)风',
    '羊癫疯',
    '口吐白沫',
    `(?:全身|四肢|手脚)${G}{0,2}(?:抽|僵硬|一抽一抽)`,
    `(?:高烧|高热|发烧)${G}{0,2}抽筋`,
    `抽筋${G}{0,4}(?:翻白眼|口吐白沫|叫不醒|没反应|牙关紧闭)`,
    `翻白眼${G}{0,4}(?:抽|抖)`,
    `(?:两眼|双眼|眼睛|眼球)${G}{0,2}(?:上翻|往上翻|翻白|发直)`,
    `(?:手脚|四肢|全身|浑身)${G}{0,3}(?:抽动|一抽一抽|抖个不停|抽(?!筋|血))`,
  ],
  [
    's(?:ei|ie)zures?(?! (?:medication|meds|medicine|drugs?|pills?|disorder|free|threshold))',
    'seizing',
    'convuls\\w*',
    'fitting',
    '(?:having|had|has|is having) (?:a |an )?(?:fit|epileptic fit|epileptic attack)',
    'epileptic (?:fit|attack|seizure)',
    'foaming at the mouth',
    "(?:shaking|jerking|twitching) (?:\\w+ ){0,2}(?:all over|uncontrollably|and (?:won't|wont|doesn't|does not|isn't|is not|not) respond\\w*)",
    'eyes (?:rolled|rolling) back',
  ],
);

// ───────────────────────────── abdominal ─────────────────────────────

const RIGIDITY = concept(
  'abdominal-rigidity',
  [
    `(?:肚子|腹部|肚皮|腹)${G}{0,3}(?:硬|发硬|僵硬|硬邦邦|像木板|板状|板样|紧绷)`,
    '板状腹',
    '硬(?:得)?像(?:木板|石头)',
    `(?:一)?(?:按|碰|摸|压)${G}{0,2}(?:就|更|都)${G}{0,1}(?:疼|痛)`,
    '反跳痛',
    '不让(?:碰|摸|按)',
    '(?:碰|摸|按)(?:都)?不(?:能|让|敢)(?:碰|摸|按)',
  ],
  [
    '(?:belly|abdomen|stomach|tummy) (?:\\w+ ){0,2}(?:rigid|hard as a (?:board|rock)|board[- ]like|rock hard|very hard|hard and swollen|tense)',
    'rigid (?:abdomen|belly|stomach)',
    'rebound tenderness',
    '(?:hurts|painful|pain) (?:\\w+ ){0,3}(?:when|if) (?:i|you|he|she) (?:press|touch|push|let go|move|walk|cough|jump)',
    'hard as a board',
  ],
);

const RLQ_PAIN = concept(
  'right-lower-abdominal-pain',
  [`右下(?:腹|方|边|侧)${G}{0,3}(?:疼|痛)`, '阑尾'],
  [
    '(?:lower right|right lower) (?:\\w+ )?(?:belly|abdomen|abdominal|side|stomach|quadrant|tummy)',
    'appendi\\w*',
  ],
);

// ───────────────────────────── meningitis ─────────────────────────────

const STIFF_NECK = concept(
  'neck-stiffness',
  [
    `(?:脖子|颈部|颈项|后颈)${G}{0,2}(?:僵硬|发硬|硬|僵|强直|转不动|抵抗)`,
    '(?:低不了|低不下|不能低)头',
    `低头${G}{0,2}(?:困难|疼|痛|不行)`,
    `下巴${G}{0,3}(?:碰不到|够不着)${G}{0,2}胸`,
  ],
  [
    'stiff neck',
    `neck ${W}{0,3}(?:stiff|rigid)`,
    'neck stiffness',
    `${CANT} (?:bend|touch|put|bring|get) (?:my |his |her )?(?:chin|head|neck) (?:down |forward )?(?:to|on|onto|down to) (?:my |his |her )?chest`,
  ],
);

const NONBLANCHING_RASH = concept(
  'non-blanching-rash',
  [
    '(?:出血点|瘀点|瘀斑|淤点|淤斑|紫癜)',
    `(?:按|压|按压|摁)${G}{0,3}(?:不褪|不退|不消|不变白|不褪色|不会褪)`,
    `(?:皮疹|疹子|斑点|红点|点点)${G}{0,6}(?:不褪色|不褪|不消失|压不褪)`,
    '紫(?:色|红色)?(?:的)?(?:斑|点|疹)',
  ],
  [
    "(?:rash|spots|blotches|marks|dots) (?:\\w+ ){0,3}(?:doesn't|does not|won't|will not|don't|do not|didn't|dont|doesnt) (?:fade|blanch|go away|disappear) (?:\\w+ ){0,2}(?:under|when|with|if) (?:\\w+ ){0,3}(?:glass|pressed|pressing|press|pressure|tumbler)",
    'non[- ]?blanching',
    '(?:purple|purplish|dark red) (?:rash|spots|blotches|dots|marks)',
    'petechia\\w*',
    'purpura',
    'pin ?prick (?:rash|spots)',
  ],
);

const PHOTOPHOBIA = concept(
  'photophobia',
  ['怕光', '畏光', `(?:见|看)${G}{0,2}光${G}{0,2}(?:就)?(?:疼|痛|难受)`],
  [
    '(?:light|lights|bright lights?) (?:\\w+ )?hurts?',
    'sensitive to light',
    'photophobia',
    "(?:can't|cannot) (?:stand|bear|look at) (?:the )?light",
  ],
);

// ───────────────────────────── diabetic ─────────────────────────────

const HYPO = concept(
  'low-glucose',
  ['低血糖', `血糖${G}{0,3}(?:低|偏低|很低|太低|过低|掉得|下降|降到)`],
  [
    'hypo',
    'hypoglyc\\w*',
    'low (?:blood )?(?:sugar|glucose)',
    '(?:sugar|glucose|bg|bs) (?:is |was |dropped |went |has dropped |keeps dropping )?(?:very |really |super |too |dangerously )?(?:low|dropping|crashing|crashed|tanked)',
  ],
);

const HYPER = concept(
  'high-glucose',
  [
    '高血糖',
    `血糖${G}{0,3}(?:很高|太高|过高|特别高|非常高|爆表|飙升|飙到|测不出|高得|升到)`,
    `(?:血糖仪|血糖)${G}{0,4}(?:显示|是)?${G}{0,2}hi(?![a-z])`,
    '酮症',
    `酮体${G}{0,2}(?:阳性|高)`,
    `(?:呼吸|嘴里|口气)${G}{0,4}(?:烂苹果|水果)味`,
  ],
  [
    'high (?:blood )?(?:sugar|glucose)',
    '(?:sugar|glucose|bg|bs) (?:is |was |has been |keeps )?(?:very |really |super |too |dangerously |extremely )(?:high|elevated)',
    '(?:sugar|glucose) (?:is |was )?(?:over|above) \\d+',
    'ketones?',
    'ketoacidosis',
    'dka',
    'fruity breath',
    'breath (?:\\w+ )?(?:smells?|smelling) (?:fruity|sweet|like (?:nail polish|pear drops|acetone))',
    'meter (?:says|shows|reads) hi',
    'hyperglyc\\w*',
  ],
);

const DKA_STATED = concept('dka-stated', ['酮症酸中毒', '酮酸中毒'], ['ketoacidosis', 'dka']);

const CONFUSION = concept(
  'confusion-or-drowsiness',
  [
    `(?:意识|神志)${G}{0,2}(?:模糊|不清|不太清楚|恍惚|障碍)`,
    '糊涂',
    '迷糊',
    '说胡话',
    '胡言乱语',
    '答非所问',
    '认不出(?:人|家人|我)',
    `反应${G}{0,2}(?:迟钝|慢|很慢|变慢|差)`,
    '叫不醒',
    '嗜睡',
    '昏睡',
    '昏(?:昏)?沉(?:沉)?',
    '(?:烦躁|躁动)不安',
  ],
  [
    'confus\\w*',
    'disorient\\w*',
    'not making sense',
    'incoherent',
    'delirious',
    '(?:very |really |extremely )?(?:drowsy|lethargic)',
    'hard to wake(?: up)?',
    '(?:acting|behaving) (?:strange|strangely|weird|weirdly|drunk|odd|oddly|out of character)',
    "(?:doesn't|does not) recogni[sz]e",
    'out of it',
    "(?:can't|cannot|cant) think (?:straight|clearly)",
    'foggy',
  ],
);

// ───────────────────────────── burns ─────────────────────────────

const SEVERE_BURN = concept(
  'severe-burn',
  [
    `(?:大面积|严重|重度|深度|三度|3度|二度以上|全身)${G}{0,2}(?:烧伤|烫伤|烧烫伤|灼伤|烧着)`,
    `(?:烧伤|烫伤|烧烫伤)${G}{0,4}(?:面积)?${G}{0,2}(?:很大|大面积|严重|一大片|好大一片)`,
    `(?:脸|面部|头面部|眼睛|会阴|私处|生殖器|全身|胸口)${G}{0,3}(?:被)?${G}{0,4}(?:烧伤|烫伤|烧到|灼伤)`,
    `(?:开水|热水|沸水|热油|滚油|火|蒸汽|热汤|火锅)${G}{0,4}(?:大面积|整个|全身|一大片|整条|整只)${G}{0,4}(?:烫|烧)`,
    `(?:皮肤|伤口|烫伤处|烧伤处)${G}{0,3}(?:发白|焦黑|发黑|碳化|皮革样)`,
    `(?:化学品|强酸|强碱|硫酸|盐酸|火碱|烧碱)${G}{0,4}(?:烧伤|灼伤|溅|泼)`,
    '触电',
    '被电(?:击|到|打)',
    '电击伤',
    '雷击',
    `(?:吸入|吸了|呛了)${G}{0,3}(?:浓烟|烟雾|好多烟)`,
    `(?:着火|火灾)${G}{0,10}(?:烧伤|烫伤|嗓子|声音哑|喘|咳)`,
    `(?:衣服|身上|头发)${G}{0,2}着(?:了)?火`,
    `(?:热油|开水|沸水|热水|蒸汽|化学品|硫酸|强酸|强碱)${G}{0,4}(?:溅|泼|浇|喷|烫|烧)${G}{0,2}(?:到)?${G}{0,2}(?:脸|面部|眼|头|胸|全身|身上|私处)`,
    `(?:脸|面部)${G}{0,4}(?:起泡|起水泡|起了水泡|烫伤|烧伤)`,
    `(?:一大片|大片|好大一片|整片|全是|都是)${G}{0,2}(?:水泡|水疱|大泡)`,
  ],
  [
    '(?:severe|serious|bad|major|large|big|deep|extensive|third[- ]degree|3rd[- ]degree|full[- ]thickness|chemical|electrical|acid) burns?',
    'burn(?:s|ed|t)? (?:over|on|covering|across) (?:most of|a large|large|the whole|his whole|her whole|my whole|all over|half)',
    'burn(?:s|ed|t)? (?:to|on) (?:the |his |her |my )?(?:face|eyes?|airway|genitals|groin|whole body)',
    'burn(?:ed|t) (?:my|his|her|their) (?:face|eyes?|genitals|groin|chest|whole)',
    '(?:skin|burn|area) (?:\\w+ ){0,2}(?:white|charred|leathery|black|waxy|painless)',
    'electrocut\\w*',
    'electric(?:al)? shock',
    'struck by lightning',
    'smoke inhalation',
    '(?:inhaled|breathed in) (?:a lot of )?smoke',
    '(?:caught|set) (?:on )?fire',
    '(?:boiling|scalding|hot) (?:water|oil|soup) (?:\\w+ ){0,3}(?:all over|over (?:his|her|my) (?:body|chest|face|back|legs?))',
    'spilled (?:\\w+ ){0,3}all over',
    'burns? (?:\\w+ )?(?:cover\\w*|over|across) (?:\\w+ ){0,2}(?:whole|entire|most of|large)',
    '(?:chest|face|back|arms|legs|body|tummy|belly)(?: and \\w+)? (?:are |is |were |was |got )?(?:badly )?(?:scalded|burned|burnt)',
    '(?:boiling|scalding|hot) (?:water|oil|soup|tea) (?:\\w+ ){0,3}(?:onto|over|on) (?:himself|herself|themselves|him|her)',
  ],
);

const BURN_BLISTER = concept(
  'burn-with-blisters',
  [`(?:烫|烧)${G}{0,6}(?:起|出)(?:了)?${G}{0,2}(?:水泡|泡|水疱)`],
  [
    'burn\\w* (?:\\w+ ){0,4}blister\\w*',
    'blister\\w* (?:\\w+ ){0,3}burn\\w*',
    'second[- ]degree burn',
    'scald\\w*',
  ],
);

const MINOR_BURN = concept(
  'minor-burn',
  [`(?:烫|烧)(?:到|伤|了)${G}{0,4}(?:手指|手|一下|一点|皮肤)`],
  [
    `(?:burned|burnt|burn) ${POSS} (?:finger|hand|fingertip|arm|wrist)`,
    'minor burn',
    'sunburn\\w*',
    'touched (?:a |the )?(?:hot|stove|pan|iron)',
  ],
);

// ───────────────────────────── vision ─────────────────────────────

const SUDDEN_VISION_LOSS = concept(
  'sudden-vision-loss',
  [
    `(?:突然|突发|一下子|忽然)${G}{0,4}(?:看不见|看不到|看不清|失明|瞎了|视力(?:下降|丧失|模糊|没了|骤降)|眼前(?:一)?黑|(?:一片)?黑了|一片黑|重影|复视|视野(?:缺|少|缺损|变窄))`,
    '什么都看不(?:见|到)',
    `(?:眼|眼睛)${G}{0,6}(?:看不见|看不到|失明)`,
    `(?:眼|眼睛|眼球)${G}{0,4}被${G}{0,4}(?:炸|扎|戳|刺|崩|击)(?:到|伤|中|了|破)`,
    `(?:一只|一边|左|右|单)(?:侧|只|边)?(?:眼|眼睛)${G}{0,3}(?:突然)?(?:看不见|看不到|失明|黑了|什么都看不见)`,
    `眼前${G}{0,3}(?:黑幕|帘子|窗帘|幕布|阴影)${G}{0,3}(?:挡住|遮住|落下|盖住|挡着)`,
    `(?:像|好像)${G}{0,3}(?:窗帘|帘子|幕布|黑幕)${G}{0,3}(?:挡|遮|盖)`,
    `(?:眼睛|眼里|眼内)${G}{0,4}(?:溅|进|喷|入)(?:了|到)?${G}{0,4}(?:化学|石灰|碱|酸|消毒液|漂白|洗洁精|清洁剂|水泥|84|硫酸|火碱)`,
    `(?:石灰|碱|酸|消毒液|漂白剂|清洁剂|水泥|84|火碱|硫酸)${G}{0,4}(?:溅|进|喷|弄)(?:到|进|入)?(?:了)?${G}{0,2}眼`,
    `眼睛${G}{0,3}被${G}{0,4}(?:溅|扎|戳|刺)(?:到|伤|了)`,
  ],
  [
    "(?:sudden|suddenly|all of a sudden)(?: [\\w']+){0,4} (?:lost|losing|loss of|went blind|gone blind|can't see|cannot see|blind|blindness|vision loss|double vision|seeing double)",
    '(?:lost|losing|loss of) (?:the )?(?:vision|sight) in (?:one|my|his|her|the|left|right)',
    '(?:lost|losing|loss of) (?:all |my |his |her )?(?:vision|sight)',
    "(?:can't|cannot) see (?:out of|with|from) (?:my|his|her|one) (?:left |right )?eye",
    'went blind',
    '(?:vision|sight) (?:\\w+ ){0,2}(?:went|gone|going|turned) (?:\\w+ )?(?:dark|black|blank)',
    "curtain (?:\\w+ ){0,3}(?:over|across|down|covering)(?: [\\w']+){0,3} (?:vision|eye|sight)",
    `(?:shadow|veil|curtain) (?:over|across) ${POSS} (?:vision|eye|sight)`,
    `(?:chemical|bleach|acid|lye|cleaner|lime|cement|alkali|detergent|drain cleaner|ammonia)s? (?:\\w+ ){0,3}(?:in|into) ${POSS} eyes?`,
    "(?:chemical|acid|alkali|bleach|lye)s? (?:splash\\w*|spray\\w*)(?:[ ,]+[\\w']+){0,6} eyes?",
  ],
);

const FLASHES_FLOATERS = concept(
  'flashes-and-floaters',
  ['(?:闪光|闪电样|光闪)', `眼前${G}{0,3}(?:突然)?(?:很多|好多)?(?:黑影|黑点)`],
  [
    'flash(?:es)? of light',
    'flashing lights',
    'new floaters',
    '(?:lots|shower) of (?:new )?floaters',
  ],
);

const EYE_COMPLAINT = concept(
  'eye-complaint',
  [`(?:看东西|视力|视物)${G}{0,3}(?:模糊|不清)`, `眼睛${G}{0,2}(?:干|干涩|疼|痒|红)`],
  [
    'blurr?y vision',
    '(?:dry|itchy|red|sore|tired) eyes?',
    'eyes? (?:\\w+ )?(?:dry|itchy|red|sore|tired)',
  ],
);

// ───────────────────────────── collapse ─────────────────────────────

const UNRESPONSIVE = concept(
  'unresponsive',
  [
    '叫不醒',
    `(?:叫|喊|拍|摇)${G}{0,4}(?:都|也)?(?:没|没有|不)(?:什么)?(?:反应|回应|醒)`,
    `(?:人|他|她|孩子|宝宝|老人|爸|妈|爷爷|奶奶|老公|老婆)${G}{0,3}没(?:有)?(?:什么)?(?:反应|意识|知觉)`,
    '昏迷',
    '不省人事',
    '人事不省',
    `(?:突然)?(?:倒地|倒在地上)`,
    `(?:叫|喊)${G}{0,4}(?:都|也)?(?:不答应|不应|没回应|没应)`,
    '(?:躺着|躺在地上)(?:一)?(?:动不动|不动)',
    '一动不动',
    '意识丧失',
    '(?:没有|没了|失去(?:了)?)(?:意识|知觉)',
  ],
  [
    'unconscious',
    'unconcious',
    'unresponsive',
    "(?:won't|will not|can't|cannot|doesn't|does not|isn't|is not|not) (?:wake|waking|be woken|respond\\w*)(?: up)?(?! (?:to|well))",
    'no response',
    'out cold',
    '(?:just |suddenly )?collapsed',
    'keeled over',
    '(?:went|gone|is|was|seems|going) (?:all |completely )?limp',
    'dropped to the (?:floor|ground)',
  ],
);

const NOT_BREATHING = concept(
  'not-breathing',
  [
    '没(?:有)?气了',
    '(?:没有|没)(?:了)?呼吸(?!困难|急促|不畅|道|科|问题)(?:了)?',
    `呼吸${G}{0,2}(?:停|停止|没了|停了)`,
    '(?:不|没)(?:喘气|呼吸)了',
    `(?:心跳|心脏)${G}{0,2}(?:停|没了|骤停|停止)`,
    '心脏骤停',
  ],
  [
    "(?:isn't|is not|not|isnt|stopped|has stopped|hasn't been|no longer) breathing",
    '(?:no|without a) pulse',
    "(?:can't|cannot) (?:find|feel) (?:a|his|her|the) (?:pulse|heartbeat)",
    'no heartbeat',
    'heart (?:has )?stopped',
    'cardiac arrest',
  ],
);

const DROWNING = concept(
  'drowning',
  [
    '溺水',
    '淹(?:水|着|了)',
    `(?:掉|落|跌)(?:进|入|到)${G}{0,2}(?:水里|河里|池塘|泳池|水池|湖里|海里)`,
  ],
  [
    'drown\\w*',
    '(?:pulled|fished|dragged) (?:\\w+ ){0,3}out of (?:the )?(?:pool|water|river|lake|sea|bath|bathtub|pond)',
    'found (?:\\w+ ){0,2}(?:face ?down )?in the (?:pool|water|bath)',
  ],
);

// ───────────────────────────── everyday complaints ─────────────────────────────

const UTI = concept(
  'urinary-symptoms',
  [
    '尿(?:频|急|痛)',
    `(?:小便|排尿|尿尿|撒尿)${G}{0,3}(?:痛|疼|灼热|烧|刺痛|火辣辣|不舒服|困难)`,
    '尿(?:里有血|血|色发红|是红色)',
    '尿路感染',
    '膀胱炎',
  ],
  [
    '(?:burn\\w*|sting\\w*|pain\\w*|hurts?) (?:\\w+ ){0,2}(?:when|while|on) (?:i |he |she )?(?:pee|peeing|urinat\\w*|wee|weeing)',
    '(?:pee|peeing|urinat\\w*) (?:\\w+ ){0,2}(?:burns?|hurts?|stings?|painful)',
    '(?:frequent|urgent|painful) (?:urination|peeing)',
    'need to (?:pee|go|urinate) (?:all the time|constantly|every \\w+|a lot|frequently)',
    'uti',
    'urinary tract infection',
    'bladder infection',
    'cystitis',
    'cloudy (?:urine|pee)',
    'blood in (?:my |his |her |the )?(?:urine|pee)',
  ],
);

const FLANK_PAIN = concept(
  'flank-pain',
  ['腰(?:疼|痛|酸)', `(?:后腰|腰部|腰侧|肾区)${G}{0,2}(?:疼|痛)`],
  [
    `(?:pain|ache|aching|hurts?) (?:\\w+ ){0,2}(?:in|on) (?:${POSS} )?(?:side|flank|lower back|kidney)`,
    'flank pain',
  ],
);

const COUGH = concept(
  'cough',
  ['咳嗽', '(?<!哮)(?:干|老是|一直|总是|有点)?咳(?!血|出血)', '有痰', '咳痰', '支气管炎'],
  ['cough\\w*(?! up blood)', 'bronchitis', 'phlegm'],
);

const COMMON_COLD = concept(
  'common-cold',
  [
    '感冒',
    '流鼻涕',
    '鼻塞',
    '打喷嚏',
    '鼻子(?:不通|堵)',
    `(?:嗓子|喉咙|咽喉|咽)${G}{0,2}(?:干|痒)`,
    `(?:嗓子|喉咙)(?:有点)?(?:疼|痛)`,
  ],
  [
    '(?:a|the|common|head|bad) cold(?! sweat| sore)',
    'chest cold',
    'caught (?:a )?cold',
    'runny nose',
    'stuffy nose',
    'blocked nose',
    'sneez\\w*',
    'sore throat',
    'scratchy throat',
    'sniffles',
  ],
);

const SWOLLEN_GLANDS = concept(
  'ent-complaint',
  ['淋巴结(?:肿|大)', '扁桃体(?:肿|发炎|大)', '耳朵(?:疼|痛|听不清)', '中耳炎', '鼻窦炎'],
  [
    'swollen (?:glands|lymph nodes|tonsils)',
    'tonsillitis',
    'ear ?ache',
    'ear infection',
    'sinusitis',
  ],
);

const DIGESTIVE = concept(
  'digestive-complaint',
  ['拉肚子', '腹泻', '便秘', '吃坏(?:了)?肚子', '食物中毒', '胃肠炎'],
  [
    'diar?h?o?e?a',
    'constipat\\w*',
    'food poisoning',
    'stomach (?:bug|flu)',
    'gastroenteritis',
    'upset stomach',
  ],
);

const SKIN = concept(
  'skin-complaint',
  ['皮疹', '疹子', '红疹', '湿疹', '荨麻疹', '起疹', '红点', '瘙痒', '(?<!嗓子)痒', '皮肤过敏'],
  ['rash', 'hives', 'itch\\w*', 'eczema', 'dermatitis', 'red (?:spots|bumps|patches)'],
);

const INSECT_BITE = concept(
  'insect-bite',
  [`(?:蚊子|虫子|蚂蚁|跳蚤)${G}{0,2}(?:咬|叮)`],
  ['mosquito bites?', 'bug bites?', 'insect bites?', 'bitten by (?:a )?mosquito\\w*'],
);

const DENTAL = concept(
  'dental-complaint',
  ['牙(?:疼|痛|龈|齿)', '蛀牙', '智齿'],
  ['tooth ?ache', 'teeth', 'tooth', 'cavity', 'wisdom tooth', 'gums?'],
);

const MINOR_INJURY = concept(
  'minor-injury',
  [
    '(?:小|浅)(?:口子|伤口)',
    '划(?:了)?(?:个|一个|一道)?(?:小)?(?:口子|口)',
    '擦伤',
    '蹭破(?:了)?(?:点)?皮',
    '(?:磕|碰)(?:青|紫)(?:了)?',
    '淤青',
    '(?:流|出)了(?:一)?点(?:点)?血',
  ],
  [
    'paper ?cut',
    '(?:minor|small|little|tiny) (?:cut|scrape|graze|scratch|bruise)',
    `scraped ${POSS} (?:knee|elbow|hand)`,
    'bruis\\w*',
    `stubbed ${POSS} toe`,
    `cut ${POSS} (?:finger|thumb|hand)`,
    'graze',
  ],
);

const MUSCLE_SORENESS = concept(
  'muscle-soreness',
  [
    '肌肉酸痛',
    `(?:运动|健身|跑步|锻炼|打球)(?:后|以后|之后)${G}{0,4}(?:酸|酸痛)`,
    '小腿抽筋',
    '腿抽筋',
    '腿脚抽筋',
  ],
  [
    'sore (?:muscles|legs|arms)',
    '(?:legs|arms|muscles) (?:are |is |feel |feels )?(?:sore|stiff|achy)',
    'out of breath (?:after|from|when) (?:running|a run|exercis\\w*|working out|a workout|the gym|sprinting|jogging|sports?)',
    'leg cramps?',
  ],
);

const HEADACHE = concept('headache', ['头(?:疼|痛)', '偏头痛'], ['headaches?', 'migraines?']);

const PALPITATIONS = concept(
  'palpitations',
  ['心慌', '心悸', '心跳(?:很|好|特别)?(?:快|乱|不齐)'],
  [
    'palpitations?',
    'heart (?:is )?(?:racing|races|pounding|fluttering|skipping)',
    'racing heart',
    'irregular heart ?beat',
  ],
);

const DIZZY = concept('dizziness', ['头晕', '眩晕'], ['dizz\\w*', 'vertigo', 'light ?headed']);

const ANIMAL_BITE = concept(
  'animal-bite',
  [`(?:狗|猫|老鼠|猴子|蝙蝠|动物|宠物)${G}{0,3}(?:咬|抓)(?:了|伤|破)?`],
  [
    '(?:dog|cat|animal|rat|monkey|bat|stray) (?:bite|bit|scratch\\w*)',
    'bitten by (?:a |my |the |our )?(?:\\w+ )?(?:dog|cat|rat|bat|monkey|animal)',
    '(?:dog|cat) (?:\\w+ ){0,2}(?:bit|bite|scratched)',
  ],
);

// ═════════════════════════════ rules ═════════════════════════════
// Order matters only for ties: among rules of the same urgency the first one names the department.

const RULES: readonly TriageRule[] = [
  // Emergencies
  {
    id: 'RF-COLLAPSE-UNRESPONSIVE',
    urgency: 'emergency',
    category: 'collapse',
    department: 'emergency',
    summary:
      'Unresponsive, not breathing, no pulse, collapsed or drowning: possible cardiac arrest.',
    when: [anyOf(has(UNRESPONSIVE), has(NOT_BREATHING), has(DROWNING))],
  },
  {
    id: 'RF-SELF-HARM',
    urgency: 'emergency',
    category: 'self-harm',
    department: 'psychiatry',
    summary:
      'Suicidal ideation, plans or self-harm, direct or indirect, own or reported for someone else. Counted even when phrased as a question.',
    when: [has(SUICIDAL)],
    alsoCounts: ['informational', 'hypothetical'],
  },
  {
    id: 'RF-CHEST-PAIN-ACS',
    urgency: 'emergency',
    category: 'cardiac',
    department: 'emergency',
    summary:
      'Chest pain with sweating, radiation to arm/jaw/back, breathlessness, nausea or faintness: possible acute coronary syndrome.',
    when: [
      has(CHEST_PAIN),
      anyOf(
        has(SWEATING),
        has(RADIATION),
        has(SEVERE_DYSPNEA),
        has(BREATHLESS_MILD),
        has(NAUSEA),
        has(PRESYNCOPE),
      ),
    ],
  },
  {
    id: 'RF-CHEST-PAIN-SEVERE',
    urgency: 'emergency',
    category: 'cardiac',
    department: 'emergency',
    summary: 'Crushing, tearing or severe chest pain on its own.',
    when: [has(CHEST_PAIN_SEVERE)],
  },
  {
    id: 'RF-HEART-ATTACK-STATED',
    urgency: 'emergency',
    category: 'cardiac',
    department: 'emergency',
    summary: 'The patient or a bystander says a heart attack is happening.',
    when: [has(HEART_ATTACK_STATED)],
  },
  {
    id: 'RF-ACS-ATYPICAL',
    urgency: 'emergency',
    category: 'cardiac',
    department: 'emergency',
    summary:
      '"Heartburn" with sweating and breathlessness, radiation or faintness: atypical ACS (women, older and diabetic patients).',
    when: [
      has(HEARTBURN),
      has(SWEATING),
      anyOf(has(RADIATION), has(SEVERE_DYSPNEA), has(BREATHLESS_MILD), has(PRESYNCOPE)),
    ],
  },
  {
    id: 'RF-STROKE-FAST',
    urgency: 'emergency',
    category: 'stroke',
    department: 'emergency',
    summary:
      'Any one BE-FAST sign (one-sided weakness, speech disturbance, sudden imbalance) or a stated stroke; counted even if it has already passed (TIA).',
    when: [anyOf(has(ARM_WEAKNESS), has(SPEECH), has(STROKE_STATED), has(BALANCE_SUDDEN))],
    alsoCounts: ['resolved'],
  },
  {
    id: 'RF-STROKE-FACE',
    urgency: 'emergency',
    category: 'stroke',
    department: 'emergency',
    summary: 'Facial droop or one-sided facial numbness, unless explained by dental anaesthetic.',
    when: [has(FACE_DROOP)],
    unless: [has(DENTAL_NUMBING)],
    alsoCounts: ['resolved'],
  },
  {
    id: 'RF-THUNDERCLAP-HEADACHE',
    urgency: 'emergency',
    category: 'stroke',
    department: 'emergency',
    summary: 'Sudden, worst-ever headache: possible subarachnoid haemorrhage.',
    when: [has(THUNDERCLAP)],
  },
  {
    id: 'RF-BREATHING-SEVERE',
    urgency: 'emergency',
    category: 'breathing',
    department: 'emergency',
    summary: 'Cannot breathe, gasping, blue lips, choking on an object.',
    when: [anyOf(has(SEVERE_DYSPNEA), has(CHOKING))],
  },
  {
    id: 'RF-ASTHMA-SEVERE',
    urgency: 'emergency',
    category: 'breathing',
    department: 'emergency',
    summary: 'Asthma or breathlessness not relieved by the reliever inhaler.',
    when: [
      anyOf(has(ASTHMA_ATTACK), has(BREATHLESS_MILD), has(SEVERE_DYSPNEA)),
      has(INHALER_FAILING),
    ],
  },
  {
    id: 'RF-ANAPHYLAXIS-AIRWAY',
    urgency: 'emergency',
    category: 'anaphylaxis',
    department: 'emergency',
    summary: 'Throat closing or tightening, tongue swelling: airway angioedema.',
    when: [has(AIRWAY_CLOSING)],
    unless: [has(MINOR_ORAL_BURN)],
  },
  {
    id: 'RF-ANAPHYLAXIS-ALLERGEN',
    urgency: 'emergency',
    category: 'anaphylaxis',
    department: 'emergency',
    summary:
      'Food, drug, injection or sting followed by face/lip/throat swelling, breathing difficulty, or hives with faintness or breathlessness.',
    when: [
      has(ALLERGY_TRIGGER),
      anyOf(
        has(SWELLING_ANY),
        has(SEVERE_DYSPNEA),
        has(AIRWAY_CLOSING),
        allOf(
          has(HIVES),
          anyOf(
            has(BREATHLESS_MILD),
            has(PRESYNCOPE),
            has(NAUSEA),
            has(CHEST_PAIN),
            has(PALPITATIONS),
          ),
        ),
      ),
    ],
    unless: [has(MINOR_ORAL_BURN)],
  },
  {
    id: 'RF-ANAPHYLAXIS-STATED',
    urgency: 'emergency',
    category: 'anaphylaxis',
    department: 'emergency',
    summary: 'Anaphylaxis or a severe allergic reaction is named.',
    when: [has(ANAPHYLAXIS_STATED)],
  },
  {
    id: 'RF-SEVERE-BLEEDING',
    urgency: 'emergency',
    category: 'bleeding',
    department: 'emergency',
    summary: 'Bleeding that will not stop, spurting or soaking through dressings.',
    when: [has(SEVERE_BLEEDING)],
    unless: [has(MENSTRUAL)],
  },
  {
    id: 'RF-HAEMATEMESIS',
    urgency: 'emergency',
    category: 'bleeding',
    department: 'emergency',
    summary: 'Vomiting blood or coffee-ground material: upper GI bleed, even if it has stopped.',
    when: [has(HEMATEMESIS)],
    alsoCounts: ['resolved'],
  },
  {
    id: 'RF-MELAENA',
    urgency: 'emergency',
    category: 'bleeding',
    department: 'emergency',
    summary: 'Black, tarry stools not explained by iron, bismuth or food: upper GI bleed.',
    when: [has(MELENA)],
    unless: [has(BLACK_STOOL_EXPLAINED)],
    alsoCounts: ['resolved'],
  },
  {
    id: 'RF-RECTAL-BLEED-MASSIVE',
    urgency: 'emergency',
    category: 'bleeding',
    department: 'emergency',
    summary: 'Passing large amounts of blood or clots from the rectum.',
    when: [has(LARGE_RECTAL_BLEED)],
  },
  {
    id: 'RF-HAEMOPTYSIS-MASSIVE',
    urgency: 'emergency',
    category: 'bleeding',
    department: 'emergency',
    summary: 'Coughing up mouthfuls of blood.',
    when: [has(HEMOPTYSIS_MASSIVE)],
  },
  {
    id: 'RF-PREGNANCY-BLEEDING',
    urgency: 'emergency',
    category: 'pregnancy',
    department: 'obstetrics',
    summary: 'Vaginal bleeding in pregnancy (more than spotting).',
    when: [IS_PREGNANT, has(VAGINAL_BLEEDING)],
    unless: [
      anyOf(
        has(SPOTTING),
        has(GUM_BLEEDING),
        has(NOSEBLEED),
        has(HEMOPTYSIS_MINOR),
        has(BLOOD_IN_STOOL_MINOR),
      ),
    ],
  },
  {
    id: 'RF-PREGNANCY-BLEEDING-PAIN',
    urgency: 'emergency',
    category: 'pregnancy',
    department: 'obstetrics',
    summary:
      'Any bleeding or spotting with abdominal pain in pregnancy: miscarriage, ectopic, abruption.',
    when: [IS_PREGNANT, anyOf(has(VAGINAL_BLEEDING), has(SPOTTING)), has(ABDO_PAIN_ANY)],
    unless: [anyOf(has(GUM_BLEEDING), has(NOSEBLEED))],
  },
  {
    id: 'RF-PREGNANCY-ABDOMINAL-PAIN',
    urgency: 'emergency',
    category: 'pregnancy',
    department: 'obstetrics',
    summary:
      'Severe abdominal pain in pregnancy, or pain with shoulder-tip pain or faintness (ectopic).',
    when: [
      IS_PREGNANT,
      anyOf(
        has(SEVERE_ABDO_PAIN),
        allOf(has(ABDO_PAIN_ANY), anyOf(has(SHOULDER_TIP_PAIN), has(PRESYNCOPE))),
      ),
    ],
  },
  {
    id: 'RF-PREGNANCY-FETAL-MOVEMENT',
    urgency: 'emergency',
    category: 'pregnancy',
    department: 'obstetrics',
    summary: 'Reduced or absent fetal movements, or a fetal heartbeat that cannot be found.',
    when: [has(REDUCED_FETAL_MOVEMENT)],
  },
  {
    id: 'RF-PREGNANCY-WATERS-BROKEN',
    urgency: 'emergency',
    category: 'pregnancy',
    department: 'obstetrics',
    summary:
      'Waters broken: go to the obstetric unit now (cord prolapse, preterm labour, infection).',
    when: [has(WATERS_BROKEN)],
  },
  {
    id: 'RF-PREGNANCY-PREECLAMPSIA',
    urgency: 'emergency',
    category: 'pregnancy',
    department: 'obstetrics',
    summary:
      'Severe headache, visual disturbance or a seizure in pregnancy: possible pre-eclampsia.',
    when: [IS_PREGNANT, anyOf(has(SEVERE_HEADACHE), has(VISION_DISTURBANCE), has(SEIZURE))],
  },
  {
    id: 'RF-INFANT-FEVER',
    urgency: 'emergency',
    category: 'infant-fever',
    department: 'pediatrics',
    summary: 'Fever (reported, or measured at 38.0 °C or more) in a baby under 3 months.',
    when: [fact('ageMonths', { below: 3 }), ANY_FEVER],
    unless: [fact('temperatureC', { below: 38 })],
  },
  {
    id: 'RF-INFANT-UNWELL',
    urgency: 'emergency',
    category: 'infant-fever',
    department: 'pediatrics',
    summary: 'A baby under 3 months who is floppy, lethargic, not feeding or inconsolable.',
    when: [fact('ageMonths', { below: 3 }), has(INFANT_UNWELL)],
  },
  {
    id: 'RF-INFANT-HYPOTHERMIA',
    urgency: 'emergency',
    category: 'infant-fever',
    department: 'pediatrics',
    summary: 'Temperature below 36.0 °C in a baby under 3 months.',
    when: [fact('ageMonths', { below: 3 }), fact('temperatureC', { below: 36 })],
  },
  {
    id: 'RF-POISONING',
    urgency: 'emergency',
    category: 'poisoning',
    department: 'emergency',
    summary:
      'Swallowed chemicals, medicines in quantity, button batteries or magnets; overdose; carbon monoxide; snake bite.',
    when: [has(POISON_INGESTION)],
  },
  {
    id: 'RF-HEAD-INJURY',
    urgency: 'emergency',
    category: 'trauma',
    department: 'emergency',
    summary:
      'Head injury with loss of consciousness, repeated vomiting, drowsiness, confusion or a seizure.',
    when: [
      has(HEAD_INJURY),
      anyOf(has(FAINTED), has(UNRESPONSIVE), has(HEAD_INJURY_RED), has(SEIZURE), has(CONFUSION)),
    ],
  },
  {
    id: 'RF-MAJOR-TRAUMA',
    urgency: 'emergency',
    category: 'trauma',
    department: 'emergency',
    summary:
      'Fall from height, pedestrian struck, penetrating wound, open fracture, amputation, crush.',
    when: [has(MAJOR_TRAUMA)],
  },
  {
    id: 'RF-TRAUMA-WITH-RED-FLAGS',
    urgency: 'emergency',
    category: 'trauma',
    department: 'emergency',
    summary:
      'Traffic accident or fall with loss of consciousness, heavy bleeding, breathing trouble or severe pain.',
    when: [
      has(TRAUMA_MECHANISM),
      anyOf(
        has(FAINTED),
        has(UNRESPONSIVE),
        has(SEVERE_BLEEDING),
        has(SEVERE_DYSPNEA),
        has(TRAUMA_SEVERE_SIGNS),
        has(HEAD_INJURY),
        has(CHEST_PAIN),
        has(ABDO_PAIN_ANY),
        has(PRESYNCOPE),
        has(HEMOPTYSIS_MINOR),
      ),
    ],
  },
  {
    id: 'RF-FALL-WITH-RED-FLAGS',
    urgency: 'emergency',
    category: 'trauma',
    department: 'emergency',
    summary:
      'Any fall followed by loss of consciousness, confusion, heavy bleeding or inability to move.',
    when: [
      has(FALL),
      anyOf(
        has(FAINTED),
        has(UNRESPONSIVE),
        has(CONFUSION),
        has(SEVERE_BLEEDING),
        has(SEVERE_DYSPNEA),
        has(TRAUMA_SEVERE_SIGNS),
      ),
    ],
  },
  {
    id: 'RF-SEIZURE',
    urgency: 'emergency',
    category: 'seizure',
    department: 'emergency',
    summary: 'A seizure happening now or just reported (including febrile convulsions).',
    when: [has(SEIZURE)],
  },
  {
    id: 'RF-ACUTE-ABDOMEN',
    urgency: 'emergency',
    category: 'abdominal',
    department: 'emergency',
    summary: 'Severe abdominal pain with rigidity or tenderness, faintness or vomiting blood.',
    when: [has(SEVERE_ABDO_PAIN), anyOf(has(RIGIDITY), has(PRESYNCOPE), has(HEMATEMESIS))],
  },
  {
    id: 'RF-MENINGITIS',
    urgency: 'emergency',
    category: 'meningitis',
    department: 'emergency',
    summary: 'Fever with a stiff neck, a non-blanching rash or pain from light.',
    when: [ANY_FEVER, anyOf(has(STIFF_NECK), has(NONBLANCHING_RASH), has(PHOTOPHOBIA))],
  },
  {
    id: 'RF-HYPOGLYCAEMIA',
    urgency: 'emergency',
    category: 'diabetic',
    department: 'emergency',
    summary:
      'Low glucose (stated, or below 3.0 mmol/L) with confusion, drowsiness, collapse or seizure.',
    when: [
      anyOf(has(HYPO), fact('glucoseMmolL', { below: 3 })),
      anyOf(has(CONFUSION), has(UNRESPONSIVE), has(FAINTED), has(SEIZURE)),
    ],
  },
  {
    id: 'RF-HYPERGLYCAEMIA',
    urgency: 'emergency',
    category: 'diabetic',
    department: 'emergency',
    summary:
      'Very high glucose (stated, or 16.7 mmol/L or more) with confusion, drowsiness, vomiting or fast breathing: DKA/HHS.',
    when: [
      anyOf(has(HYPER), fact('glucoseMmolL', { atLeast: 16.7 })),
      anyOf(
        has(CONFUSION),
        has(UNRESPONSIVE),
        has(FAINTED),
        has(NAUSEA),
        has(SEVERE_DYSPNEA),
        has(BREATHLESS_MILD),
      ),
    ],
  },
  {
    id: 'RF-DKA-STATED',
    urgency: 'emergency',
    category: 'diabetic',
    department: 'emergency',
    summary: 'Diabetic ketoacidosis is named.',
    when: [has(DKA_STATED)],
  },
  {
    id: 'RF-SEVERE-BURN',
    urgency: 'emergency',
    category: 'burns',
    department: 'emergency',
    summary: 'Large, deep, facial, chemical or electrical burns; smoke inhalation; electric shock.',
    when: [has(SEVERE_BURN)],
  },
  {
    id: 'RF-SUDDEN-VISION-LOSS',
    urgency: 'emergency',
    category: 'vision',
    department: 'emergency',
    summary:
      'Sudden loss of vision, a curtain over the vision, or a chemical in the eye; counted even if vision has returned (possible TIA).',
    when: [has(SUDDEN_VISION_LOSS)],
    alsoCounts: ['resolved'],
  },

  // Urgent: same day
  {
    id: 'UR-SELF-HARM-HISTORY',
    urgency: 'urgent',
    category: 'mental-health',
    department: 'psychiatry',
    summary: 'Past suicidal thoughts or self-harm: a human checks in today; no crisis escalation.',
    when: [has(SUICIDAL)],
    alsoCounts: ['historical', 'resolved'],
  },
  {
    id: 'UR-SEVERE-DISTRESS',
    urgency: 'urgent',
    category: 'mental-health',
    department: 'psychiatry',
    summary: 'Hopelessness, feeling a burden, cannot go on: screen for suicidal thoughts today.',
    when: [has(DISTRESS)],
  },
  {
    id: 'UR-CHEST-PAIN',
    urgency: 'urgent',
    category: 'cardiac',
    department: 'cardiology',
    summary: 'Chest pain or tightness without red-flag companions, including pain that has passed.',
    when: [has(CHEST_PAIN)],
    alsoCounts: ['resolved'],
  },
  {
    id: 'UR-BREATHLESS',
    urgency: 'urgent',
    category: 'breathing',
    department: 'respiratory',
    summary: 'Shortness of breath or wheeze without signs of severe distress.',
    when: [anyOf(has(BREATHLESS_MILD), has(ASTHMA_ATTACK))],
  },
  {
    id: 'UR-SEIZURE-RESOLVED',
    urgency: 'urgent',
    category: 'seizure',
    department: 'neurology',
    summary: 'A seizure that has stopped: same-day review.',
    when: [has(SEIZURE)],
    alsoCounts: ['resolved'],
  },
  {
    id: 'UR-SYNCOPE',
    urgency: 'urgent',
    category: 'collapse',
    department: 'internal-medicine',
    summary: 'Fainted or passed out and has come round.',
    when: [has(FAINTED)],
  },
  {
    id: 'UR-HEAD-INJURY-RISK',
    urgency: 'urgent',
    category: 'trauma',
    department: 'emergency',
    summary: 'Head injury in a baby under 1 year or a patient on anticoagulants.',
    when: [has(HEAD_INJURY), anyOf(has(ANTICOAGULANT), fact('ageMonths', { below: 12 }))],
  },
  {
    id: 'UR-TRAUMA-MECHANISM',
    urgency: 'urgent',
    category: 'trauma',
    department: 'surgery',
    summary: 'Traffic accident or fall without red flags: same-day assessment.',
    when: [has(TRAUMA_MECHANISM)],
  },
  {
    id: 'UR-POSSIBLE-FRACTURE',
    urgency: 'urgent',
    category: 'musculoskeletal',
    department: 'orthopedics',
    summary: 'Possible fracture: cannot bear weight, deformity, cannot move the limb.',
    when: [has(FRACTURE)],
  },
  {
    id: 'UR-LACERATION',
    urgency: 'urgent',
    category: 'trauma',
    department: 'surgery',
    summary: 'Deep or gaping cut that may need stitches.',
    when: [has(LACERATION)],
  },
  {
    id: 'UR-SEVERE-ABDOMINAL-PAIN',
    urgency: 'urgent',
    category: 'abdominal',
    department: 'general-surgery',
    summary: 'Severe abdominal pain without peritonism.',
    when: [has(SEVERE_ABDO_PAIN)],
  },
  {
    id: 'UR-RIGHT-LOWER-ABDOMINAL-PAIN',
    urgency: 'urgent',
    category: 'abdominal',
    department: 'general-surgery',
    summary: 'Right lower abdominal pain: possible appendicitis.',
    when: [has(RLQ_PAIN)],
  },
  {
    id: 'UR-PREGNANCY-SPOTTING',
    urgency: 'urgent',
    category: 'pregnancy',
    department: 'obstetrics',
    summary: 'Light spotting in pregnancy.',
    when: [IS_PREGNANT, has(SPOTTING)],
  },
  {
    id: 'UR-PREGNANCY-ABDOMINAL-PAIN',
    urgency: 'urgent',
    category: 'pregnancy',
    department: 'obstetrics',
    summary: 'Abdominal pain in pregnancy.',
    when: [IS_PREGNANT, has(ABDO_PAIN_ANY)],
  },
  {
    id: 'UR-INFANT-FEVER-3-6-MONTHS',
    urgency: 'urgent',
    category: 'fever',
    department: 'pediatrics',
    summary: 'Fever in a baby aged 3 to 6 months.',
    when: [fact('ageMonths', { atLeast: 3, below: 6 }), ANY_FEVER],
    unless: [fact('temperatureC', { below: 38 })],
  },
  {
    id: 'UR-HIGH-FEVER',
    urgency: 'urgent',
    category: 'fever',
    department: 'internal-medicine',
    summary: 'Temperature of 40.0 °C or more.',
    when: [fact('temperatureC', { atLeast: 40 })],
  },
  {
    id: 'UR-FEVER-WITH-RASH',
    urgency: 'urgent',
    category: 'fever',
    department: 'internal-medicine',
    summary: 'Fever with a rash.',
    when: [ANY_FEVER, has(SKIN)],
  },
  {
    id: 'UR-NON-BLANCHING-RASH',
    urgency: 'urgent',
    category: 'skin',
    department: 'hematology',
    summary: 'Purple or non-blanching spots without fever.',
    when: [has(NONBLANCHING_RASH)],
  },
  {
    id: 'UR-HYPOGLYCAEMIA',
    urgency: 'urgent',
    category: 'diabetic',
    department: 'endocrinology',
    summary: 'Low blood glucose (stated, or below 3.9 mmol/L) while alert.',
    when: [anyOf(has(HYPO), fact('glucoseMmolL', { below: 3.9 }))],
  },
  {
    id: 'UR-HYPERGLYCAEMIA',
    urgency: 'urgent',
    category: 'diabetic',
    department: 'endocrinology',
    summary: 'Very high blood glucose (stated, or 16.7 mmol/L or more) without red flags.',
    when: [anyOf(has(HYPER), fact('glucoseMmolL', { atLeast: 16.7 }))],
  },
  {
    id: 'UR-SEVERE-HYPERTENSION',
    urgency: 'urgent',
    category: 'hypertension',
    department: 'cardiology',
    summary: 'Systolic pressure of 180 mmHg or more.',
    when: [fact('systolicBp', { atLeast: 180 })],
  },
  {
    id: 'UR-HAEMOPTYSIS',
    urgency: 'urgent',
    category: 'respiratory',
    department: 'respiratory',
    summary: 'Blood-streaked sputum or a small amount of blood coughed up.',
    when: [has(HEMOPTYSIS_MINOR)],
  },
  {
    id: 'UR-HEAVY-MENSTRUAL-BLEEDING',
    urgency: 'urgent',
    category: 'gynecology',
    department: 'gynecology',
    summary: 'Soaking a pad every hour, or a heavy period with faintness.',
    when: [anyOf(has(SOAKING_HOURLY), allOf(has(HEAVY_MENSES), has(PRESYNCOPE)))],
  },
  {
    id: 'UR-ALLERGIC-REACTION',
    urgency: 'urgent',
    category: 'skin',
    department: 'dermatology',
    summary: 'Hives after a food, drug or sting, without airway or breathing signs.',
    when: [has(ALLERGY_TRIGGER), has(HIVES)],
  },
  {
    id: 'UR-ANIMAL-BITE',
    urgency: 'urgent',
    category: 'bites',
    department: 'emergency',
    summary: 'Mammal bite or scratch: same-day wound care and rabies post-exposure prophylaxis.',
    when: [has(ANIMAL_BITE)],
  },
  {
    id: 'UR-SWALLOWED-OBJECT',
    urgency: 'urgent',
    category: 'poisoning',
    department: 'pediatrics',
    summary: 'Swallowed a coin or small object without breathing difficulty.',
    when: [has(SWALLOWED_OBJECT)],
  },
  {
    id: 'UR-FISH-BONE',
    urgency: 'urgent',
    category: 'ent',
    department: 'otolaryngology',
    summary: 'Fish or chicken bone stuck in the throat without airway compromise.',
    when: [has(FISH_BONE)],
  },
  {
    id: 'UR-BURN-BLISTERS',
    urgency: 'urgent',
    category: 'burns',
    department: 'surgery',
    summary: 'Burn or scald with blisters.',
    when: [has(BURN_BLISTER)],
  },
  {
    id: 'UR-FLASHES-FLOATERS',
    urgency: 'urgent',
    category: 'vision',
    department: 'ophthalmology',
    summary: 'New flashes or a shower of floaters: possible retinal tear.',
    when: [has(FLASHES_FLOATERS)],
  },
  {
    id: 'UR-UTI-COMPLICATED',
    urgency: 'urgent',
    category: 'urinary',
    department: 'urology',
    summary: 'Urinary symptoms with fever, flank pain, or in pregnancy.',
    when: [has(UTI), anyOf(ANY_FEVER, has(FLANK_PAIN), IS_PREGNANT)],
  },

  // Routine
  {
    id: 'RT-UTI',
    urgency: 'routine',
    category: 'urinary',
    department: 'urology',
    summary: 'Lower urinary tract symptoms.',
    when: [has(UTI)],
  },
  {
    id: 'RT-HEAD-INJURY-MINOR',
    urgency: 'routine',
    category: 'trauma',
    department: 'general-practice',
    summary: 'Minor head bump without red flags.',
    when: [has(HEAD_INJURY)],
  },
  {
    id: 'RT-SPRAIN',
    urgency: 'routine',
    category: 'musculoskeletal',
    department: 'orthopedics',
    summary: 'Sprain or strain.',
    when: [has(SPRAIN)],
  },
  {
    id: 'RT-FEVER',
    urgency: 'routine',
    category: 'fever',
    department: 'internal-medicine',
    summary: 'Fever without other red flags.',
    when: [ANY_FEVER],
  },
  {
    id: 'RT-COUGH',
    urgency: 'routine',
    category: 'respiratory',
    department: 'respiratory',
    summary: 'Cough.',
    when: [has(COUGH)],
  },
  {
    id: 'RT-RASH',
    urgency: 'routine',
    category: 'skin',
    department: 'dermatology',
    summary: 'Rash or itching.',
    when: [has(SKIN)],
  },
  {
    id: 'RT-ABDOMINAL-PAIN',
    urgency: 'routine',
    category: 'digestive',
    department: 'gastroenterology',
    summary: 'Abdominal pain without red flags (period pain is self-care).',
    when: [has(ABDO_PAIN_ANY)],
    unless: [has(MENSTRUAL)],
  },
  {
    id: 'RT-DIGESTIVE',
    urgency: 'routine',
    category: 'digestive',
    department: 'gastroenterology',
    summary: 'Diarrhoea, constipation, mild food poisoning.',
    when: [has(DIGESTIVE)],
  },
  {
    id: 'RT-BLACK-STOOL-EXPLAINED',
    urgency: 'routine',
    category: 'digestive',
    department: 'gastroenterology',
    summary: 'Black stools while taking iron or bismuth, or after dark foods.',
    when: [has(MELENA), has(BLACK_STOOL_EXPLAINED)],
  },
  {
    id: 'RT-RECTAL-BLEEDING-MINOR',
    urgency: 'routine',
    category: 'digestive',
    department: 'gastroenterology',
    summary: 'Streaks of blood in or on the stool, haemorrhoids.',
    when: [has(BLOOD_IN_STOOL_MINOR)],
  },
  {
    id: 'RT-GUM-BLEEDING',
    urgency: 'routine',
    category: 'dental',
    department: 'stomatology',
    summary: 'Bleeding gums when brushing.',
    when: [has(GUM_BLEEDING)],
  },
  {
    id: 'RT-DENTAL',
    urgency: 'routine',
    category: 'dental',
    department: 'stomatology',
    summary: 'Toothache and other dental complaints.',
    when: [has(DENTAL)],
  },
  {
    id: 'RT-HEAVY-PERIODS',
    urgency: 'routine',
    category: 'gynecology',
    department: 'gynecology',
    summary: 'Heavy periods without faintness.',
    when: [has(HEAVY_MENSES)],
  },
  {
    id: 'RT-MENTAL-HEALTH',
    urgency: 'routine',
    category: 'mental-health',
    department: 'psychology',
    summary: 'Low mood, anxiety, stress, insomnia.',
    when: [has(MENTAL)],
  },
  {
    id: 'RT-HEADACHE',
    urgency: 'routine',
    category: 'neurology',
    department: 'neurology',
    summary: 'Headache without red flags.',
    when: [has(HEADACHE)],
  },
  {
    id: 'RT-PALPITATIONS',
    urgency: 'routine',
    category: 'cardiac',
    department: 'cardiology',
    summary: 'Palpitations without chest pain or fainting.',
    when: [has(PALPITATIONS)],
  },
  {
    id: 'RT-DIZZINESS',
    urgency: 'routine',
    category: 'neurology',
    department: 'neurology',
    summary: 'Dizziness without neurological signs.',
    when: [has(DIZZY)],
  },
  {
    id: 'RT-EYE',
    urgency: 'routine',
    category: 'vision',
    department: 'ophthalmology',
    summary: 'Gradual blurring, dry, itchy or red eyes.',
    when: [has(EYE_COMPLAINT)],
  },
  {
    id: 'RT-ENT',
    urgency: 'routine',
    category: 'ent',
    department: 'otolaryngology',
    summary: 'Swollen glands or tonsils, ear pain, sinusitis.',
    when: [has(SWOLLEN_GLANDS)],
  },

  {
    id: 'RT-YOUNG-INFANT',
    urgency: 'routine',
    category: 'pediatrics',
    department: 'pediatrics',
    summary: 'Any complaint about a baby under 3 months is seen by a doctor, never self-care.',
    when: [fact('ageMonths', { below: 3 })],
  },
  {
    id: 'RT-PREGNANCY',
    urgency: 'routine',
    category: 'pregnancy',
    department: 'obstetrics',
    summary: 'Any complaint in pregnancy goes to a doctor, never self-care (medicines included).',
    when: [IS_PREGNANT],
  },

  // Self-care
  {
    id: 'SC-COMMON-COLD',
    urgency: 'self-care',
    category: 'respiratory',
    department: 'general-practice',
    summary: 'Runny or blocked nose, sneezing, mild sore throat.',
    when: [has(COMMON_COLD)],
  },
  {
    id: 'SC-HEARTBURN',
    urgency: 'self-care',
    category: 'digestive',
    department: 'gastroenterology',
    summary: 'Heartburn or reflux without red flags.',
    when: [has(HEARTBURN)],
  },
  {
    id: 'SC-PERIOD-PAIN',
    urgency: 'self-care',
    category: 'gynecology',
    department: 'gynecology',
    summary: 'Period pain.',
    when: [has(MENSTRUAL), has(ABDO_PAIN_ANY)],
  },
  {
    id: 'SC-MINOR-INJURY',
    urgency: 'self-care',
    category: 'skin',
    department: 'general-practice',
    summary: 'Small cuts, grazes, bruises.',
    when: [has(MINOR_INJURY)],
  },
  {
    id: 'SC-MINOR-BURN',
    urgency: 'self-care',
    category: 'burns',
    department: 'general-practice',
    summary: 'Small burn without blisters, sunburn, burned tongue.',
    when: [anyOf(has(MINOR_BURN), has(MINOR_ORAL_BURN))],
  },
  {
    id: 'SC-INSECT-BITES',
    urgency: 'self-care',
    category: 'skin',
    department: 'dermatology',
    summary: 'Mosquito and other insect bites.',
    when: [has(INSECT_BITE)],
  },
  {
    id: 'SC-NOSEBLEED',
    urgency: 'self-care',
    category: 'ent',
    department: 'otolaryngology',
    summary: 'Nosebleed that stops with pressure.',
    when: [has(NOSEBLEED)],
    alsoCounts: ['resolved'],
  },
  {
    id: 'SC-MUSCLE-SORENESS',
    urgency: 'self-care',
    category: 'musculoskeletal',
    department: 'rehabilitation',
    summary: 'Muscle soreness, cramps or breathlessness after exercise.',
    when: [has(MUSCLE_SORENESS)],
  },
];

/** The red-flag rules of version `TRIAGE_RULESET_VERSION`, deeply frozen. */
export const TRIAGE_RULES_V1: readonly TriageRule[] = deepFreeze(RULES);

/** Ruleset v1: rules, context cues and escalation texts, deeply frozen. */
export const TRIAGE_RULESET_V1: TriageRuleset = deepFreeze({
  version: TRIAGE_RULESET_VERSION,
  rules: TRIAGE_RULES_V1,
  cues: TRIAGE_CUES_V1,
  escalation: TRIAGE_ESCALATION_V1,
});
