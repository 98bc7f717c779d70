import { setTimeout as sleep } from 'node:timers/promises';

import type { OfflineProviderSpec, Task } from '../catalog/catalog.schema';
import type { Language, ModelProvider, ProviderEvent, ProviderRequest } from './provider';
import { ProviderError } from './provider';
import { detectLanguage, estimatePromptTokens, lastUserText, tokenize } from './text';

// The built-in model: deterministic, no keys, inside the trust boundary, so the platform answers
// out of the box. It gives safe, generic guidance only. Task-specific knowledge (red-flag triage,
// department recommendation, lab explanations, SOAP drafting) comes from the clinical library once
// it exports it: `composeAnswer` is the seam where it plugs in.

export const OFFLINE_NOTICE: Readonly<Record<Language, string>> = {
  zh: '以上内容仅供参考，不构成诊断，请以医生的面诊意见为准。',
  en: 'For reference only, not a diagnosis: please follow the advice of a doctor who examines you.',
};

const EMERGENCY: Readonly<Record<Language, string>> = {
  zh: '如出现胸痛、呼吸困难、意识模糊、抽搐或大量出血等情况，请立即拨打120或前往急诊。',
  en: 'If you have chest pain, difficulty breathing, confusion, seizures or heavy bleeding, call 120 or go to the emergency department now.',
};

const BODIES: Readonly<Record<Exclude<Task, 'eval-grade'>, Readonly<Record<Language, string>>>> = {
  consult: {
    zh:
      '感谢您的描述。线上咨询无法代替面对面检查，以下是一般性建议：\n' +
      '1. 注意休息，多饮水，清淡饮食，避免劳累。\n' +
      '2. 记录症状开始的时间、程度和变化，就诊时告诉医生。\n' +
      '3. 如果症状持续两三天没有好转或逐渐加重，请到医院相应科室就诊。\n',
    en:
      'Thank you for the details. An online consultation cannot replace an examination, so here is general guidance:\n' +
      '1. Rest, drink enough fluids and eat light meals.\n' +
      '2. Note when the symptoms started, how strong they are and how they change, and tell your doctor.\n' +
      '3. If the symptoms do not improve within two or three days, or get worse, see a doctor in the relevant department.\n',
  },
  'triage-assist': {
    zh:
      '根据目前的信息，建议先到全科医学科或内科就诊，由医生根据检查结果决定是否转诊到专科。\n' +
      '就诊时请带上既往病历、检查报告和正在使用的药物清单。\n',
    en:
      'Based on the information so far, start with general practice or internal medicine; the doctor will refer you to a specialist if the examination calls for it.\n' +
      'Bring earlier records, test reports and a list of the medicines you take.\n',
  },
  'report-explain': {
    zh:
      '检验报告中的每一项都需要对照参考范围来看：标记为偏高（H）或偏低（L）的项目提示需要关注，但单项轻度异常并不一定代表疾病。\n' +
      '结果受饮食、作息、用药和采样时间影响，请结合症状由医生综合判断，必要时复查。\n',
    en:
      'Each result in a lab report is read against its reference range: values flagged high (H) or low (L) deserve attention, but a single mild deviation does not necessarily mean disease.\n' +
      'Diet, sleep, medication and sampling time affect results; a doctor should interpret them with your symptoms and may ask for a repeat test.\n',
  },
  'record-draft': {
    zh:
      '【病历草稿，需医生审核修改后签名】\n' +
      'S（主诉与现病史）：见问诊记录。\n' +
      'O（查体与辅助检查）：待医生补充。\n' +
      'A（评估）：待医生评估。\n' +
      'P（处理计划）：待医生制定。\n',
    en:
      '[Draft record: to be reviewed, edited and signed by the doctor]\n' +
      'S (subjective): see the consultation transcript.\n' +
      'O (objective): to be completed by the doctor.\n' +
      'A (assessment): to be completed by the doctor.\n' +
      'P (plan): to be completed by the doctor.\n',
  },
};

/** The whole answer for a request; deterministic. */
export function composeAnswer(
  request: Pick<ProviderRequest, 'task' | 'messages' | 'language' | 'responseFormat'>,
): string {
  const language = request.language ?? detectLanguage(lastUserText(request.messages));
  if (request.task === 'eval-grade') {
    // The offline model cannot judge answers: it abstains, visibly, rather than invent a grade.
    return JSON.stringify({
      explanation:
        language === 'zh'
          ? '离线模型无法评判该标准，未计分。'
          : 'The offline model cannot judge this criterion; not scored.',
      criteria_met: false,
    });
  }
  const body = BODIES[request.task][language];
  const urgent = request.task === 'consult' || request.task === 'triage-assist';
  const text = `${body}${urgent ? `${EMERGENCY[language]}\n` : ''}\n${OFFLINE_NOTICE[language]}`;
  return request.responseFormat === 'json' ? JSON.stringify({ answer: text }) : text;
}

export interface OfflineClinicalOptions {
  readonly spec: OfflineProviderSpec;
}

/** Streams `composeAnswer` token by token, like a real model. */
export class OfflineClinicalProvider implements ModelProvider {
  constructor(private readonly options: OfflineClinicalOptions) {}

  async *stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
    const answer = composeAnswer(request);
    let text = answer;
    if (request.continueFrom !== undefined) {
      // It can finish its own answer, not someone else's: refusing beats a patched-up text.
      if (!answer.startsWith(request.continueFrom)) {
        throw new ProviderError(
          'fatal',
          'continuation-unsupported',
          'The offline model can only continue its own answers',
          { httpStatus: 400 },
        );
      }
      text = answer.slice(request.continueFrom.length);
    }
    const tokens = tokenize(text);
    const delay = this.options.spec.tokenDelayMs;
    let outputTokens = 0;
    for (const token of tokens) {
      if (delay > 0 && outputTokens > 0) await this.pause(delay, request.signal);
      if (request.signal.aborted) throw this.aborted(request.signal);
      outputTokens++;
      yield { type: 'delta', text: token };
    }
    const prompt = [
      ...request.messages,
      ...(request.continueFrom === undefined
        ? []
        : [{ role: 'assistant' as const, content: request.continueFrom }]),
    ];
    yield {
      type: 'usage',
      usage: {
        inputTokens: estimatePromptTokens(prompt),
        outputTokens,
        reasoningTokens: 0,
        cachedInputTokens: 0,
      },
    };
    yield { type: 'finish', reason: 'stop' };
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw this.aborted(signal);
    }
  }

  private aborted(signal: AbortSignal): ProviderError {
    const reason: unknown = signal.reason;
    return reason instanceof ProviderError
      ? reason
      : new ProviderError('retryable', 'aborted', 'Request aborted');
  }
}
