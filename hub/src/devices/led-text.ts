/**
 * What a counter's LED screen says: the ticket called there, or whether the counter is open,
 * from the counter's own name, in the languages the screen's device is set to show (Chinese
 * unless an admin chose English or both in the device's settings).
 */
import type { CounterMessage, ScreenLanguages } from '../protocol';

type Line = (m: CounterMessage) => string;

const CALLING: Record<'zh' | 'en', Line> = {
  zh: (m) => `请 ${m.current?.number} 号到${m.name.zh}`,
  en: (m) => `No. ${m.current?.number} to ${m.name.en}`,
};
const OPEN: Record<'zh' | 'en', Line> = {
  zh: (m) => `${m.name.zh} 欢迎光临`,
  en: (m) => `${m.name.en} welcome`,
};
const CLOSED: Record<'zh' | 'en', Line> = {
  zh: (m) => `${m.name.zh} 暂停服务`,
  en: (m) => `${m.name.en} not serving`,
};

export function ledText(m: CounterMessage, languages: ScreenLanguages = 'zh'): string {
  const calling = m.current && (m.current.status === 'called' || m.current.status === 'serving');
  const line = calling ? CALLING : m.state === 'open' ? OPEN : CLOSED;
  return languages === 'both' ? `${line.zh(m)} ${line.en(m)}` : line[languages](m);
}
