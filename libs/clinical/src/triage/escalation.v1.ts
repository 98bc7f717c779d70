import type { EscalationPolicy } from './triage.types';

// Fixed answers. They say what to do now and never diagnose; a model's reply may add to them but
// must not contradict them. Changing any text here is a ruleset change (bump the version).

/** Escalation texts of ruleset v1. */
export const TRIAGE_ESCALATION_V1: EscalationPolicy = {
  emergency: {
    zh: '您描述的情况可能危及生命。请立即拨打120急救电话，或马上前往最近的医院急诊科。不要自己开车，尽量让身边的人陪着您。',
    en: 'What you describe may be life-threatening. Call 120 now, or go to the nearest hospital emergency department straight away. Do not drive yourself; ask someone to stay with you.',
  },
  crisis: {
    zh: '谢谢你愿意说出来。你的感受很重要，你并不孤单。如果你有伤害自己的想法，请现在就拨打全国心理援助热线 12356，或北京心理危机研究与干预中心热线 010-82951332，和受过专业训练的人聊一聊。如果你已经伤害了自己，或觉得自己随时可能这样做，请立即拨打120或前往最近的医院急诊科。',
    en: 'Thank you for telling me. What you are feeling matters, and you do not have to face it alone. If you are thinking about harming yourself, please call the national psychological assistance hotline 12356, or the Beijing crisis line 010-82951332, now and talk to someone trained to help. If you have already hurt yourself, or feel you might act on these thoughts soon, call 120 or go to the nearest emergency department straight away.',
  },
  hotlines: [
    {
      number: '12356',
      name: { zh: '全国心理援助热线', en: 'National psychological assistance hotline' },
    },
    {
      number: '010-82951332',
      name: {
        zh: '北京心理危机研究与干预中心',
        en: 'Beijing Psychological Crisis Research and Intervention Center',
      },
    },
  ],
  categories: {
    cardiac: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '请立即停止活动，坐下或躺下休息，等待急救人员。',
        en: 'Stop what you are doing and sit or lie down while you wait for help.',
      },
    },
    stroke: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '请记下症状开始的时间并告诉急救人员，卒中的治疗越早越好；不要进食或喝水。即使症状已经好转，也需要立即就医。',
        en: 'Note the time the symptoms started and tell the ambulance crew: stroke treatment depends on time. Do not eat or drink. Get help now even if the symptoms have eased.',
      },
    },
    bleeding: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '如果是伤口出血，用干净的布用力按压伤口，不要松开；如果是呕血或黑便，不要进食或喝水。',
        en: 'If a wound is bleeding, press firmly on it with a clean cloth and keep pressing. If you are vomiting blood or passing black stools, do not eat or drink.',
      },
    },
    breathing: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '保持坐直，松开衣领。如果有人被异物噎住、不能说话或咳嗽，受过训练的人可以立即进行海姆立克急救。',
        en: 'Sit upright and loosen tight clothing. If someone is choking and cannot speak or cough, a trained person should give abdominal thrusts (the Heimlich manoeuvre) now.',
      },
    },
    anaphylaxis: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '如果医生曾为您开过肾上腺素自动注射笔，请立即使用。躺下并抬高双腿；如果呼吸困难，可以坐起来。',
        en: 'If an adrenaline (epinephrine) auto-injector has been prescribed, use it now. Lie down with your legs raised, or sit up if that makes breathing easier.',
      },
    },
    'self-harm': {
      actions: ['crisis-hotline', 'call-120'],
      advice: {
        zh: '如果可以，请让一个你信任的人现在陪在你身边。如果是你身边的人有这样的想法，请陪着他/她，一起拨打上面的电话。',
        en: 'If you can, ask someone you trust to be with you now. If it is someone you know who has these thoughts, stay with them and call one of these numbers together.',
      },
    },
    pregnancy: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '请立即前往最近医院的产科急诊，或拨打120。等待时尽量左侧卧位休息。',
        en: "Go to the nearest hospital's obstetric emergency unit now, or call 120. While you wait, rest lying on your left side.",
      },
    },
    'infant-fever': {
      actions: ['go-to-er', 'call-120'],
      advice: {
        zh: '3个月以下的宝宝发烧（38.0℃及以上）、体温过低，或精神差、不吃奶，需要马上由医生检查，请立即前往儿科急诊。医生看诊前不要自行给宝宝用退烧药。',
        en: 'A baby under 3 months with a temperature of 38.0 °C or more, an unusually low temperature, or who is floppy or not feeding needs a doctor straight away: go to a paediatric emergency department now. Do not give fever medicine before a doctor has seen the baby.',
      },
    },
    poisoning: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '不要催吐。保留药瓶、包装或剩下的东西，带去医院。',
        en: 'Do not try to make the person vomit. Keep the bottle, packet or what is left of the substance and take it with you.',
      },
    },
    trauma: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '如果怀疑颈部或背部受伤，不要移动伤者，除非现场有危险。用干净的布按压出血处。',
        en: 'Do not move someone who may have a neck or back injury unless they are in danger. Press on any bleeding with a clean cloth.',
      },
    },
    seizure: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '移开周围的硬物，让患者侧卧，不要往嘴里塞任何东西，不要按住手脚，记下抽搐开始的时间。',
        en: 'Move hard objects away, turn the person on their side, put nothing in their mouth, do not hold them down, and note the time the seizure started.',
      },
    },
    abdominal: {
      actions: ['go-to-er', 'call-120'],
      advice: {
        zh: '在医生检查之前不要进食或喝水。',
        en: 'Do not eat or drink until a doctor has seen you.',
      },
    },
    meningitis: {
      actions: ['go-to-er', 'call-120'],
      advice: {
        zh: '发烧伴脖子僵硬，或出现按压不褪色的皮疹，可能是严重感染，请立即就医，不要等待。',
        en: 'A fever with a stiff neck, or a rash that does not fade when pressed, can be a serious infection: get emergency care now, do not wait.',
      },
    },
    diabetic: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '如果患者清醒、能吞咽，而且可能是低血糖，请马上给含糖饮料或糖块；如果意识不清或不能吞咽，不要喂任何东西。',
        en: 'If the person is awake, can swallow and may have low blood sugar, give a sugary drink or sweets now. If they are drowsy or cannot swallow, give nothing by mouth.',
      },
    },
    burns: {
      actions: ['call-120', 'go-to-er'],
      advice: {
        zh: '用流动的凉水冲洗烧烫伤处至少20分钟，不要用冰、牙膏或油涂抹，用干净的保鲜膜或布轻轻盖住。如果是触电，先切断电源再接触伤者。',
        en: 'Cool the burn under cool running water for at least 20 minutes. Do not use ice, toothpaste or oil; cover it loosely with cling film or a clean cloth. After an electric shock, switch off the power before touching the person.',
      },
    },
    vision: {
      actions: ['go-to-er', 'call-120'],
      advice: {
        zh: '突然看不见可能是卒中或眼科急症，请立即前往急诊。如果有化学品溅入眼睛，先用大量清水持续冲洗至少15分钟。',
        en: 'Sudden loss of vision can be a stroke or an eye emergency: go to an emergency department now. If a chemical got into the eye, first rinse it with plenty of running water for at least 15 minutes.',
      },
    },
    collapse: {
      actions: ['call-120'],
      advice: {
        zh: '如果患者没有反应、没有正常呼吸，请立即开始胸外按压（用力、快速按压胸部正中），并让旁人去取AED（自动体外除颤器）。',
        en: 'If the person is unresponsive and not breathing normally, start chest compressions now (push hard and fast in the centre of the chest) and ask someone to fetch an AED.',
      },
    },
  },
};
