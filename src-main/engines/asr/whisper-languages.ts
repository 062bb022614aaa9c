import { UserError } from '../../core/user-error.ts';

/**
 * The languages whisper.cpp knows, in its own order (index = language id; the language token of
 * a multilingual model is sot + 1 + id). 'yue' exists only in large-v3 vocabularies.
 */
// prettier-ignore
export const WHISPER_LANGUAGES: readonly string[] = [
  'en', 'zh', 'de', 'es', 'ru', 'ko', 'fr', 'ja', 'pt', 'tr', 'pl', 'ca', 'nl', 'ar', 'sv', 'it', 'id', 'hi',
  'fi', 'vi', 'he', 'uk', 'el', 'ms', 'cs', 'ro', 'da', 'hu', 'ta', 'no', 'th', 'ur', 'hr', 'bg', 'lt', 'la',
  'mi', 'ml', 'cy', 'sk', 'te', 'fa', 'lv', 'bn', 'sr', 'az', 'sl', 'kn', 'et', 'mk', 'br', 'eu', 'is', 'hy',
  'ne', 'mn', 'bs', 'kk', 'sq', 'sw', 'gl', 'mr', 'pa', 'si', 'km', 'sn', 'yo', 'so', 'af', 'oc', 'ka', 'be',
  'tg', 'sd', 'gu', 'am', 'yi', 'lo', 'uz', 'fo', 'ht', 'ps', 'tk', 'nn', 'mt', 'sa', 'lb', 'my', 'bo', 'tl',
  'mg', 'as', 'tt', 'haw', 'ln', 'ha', 'ba', 'jw', 'su', 'yue',
];

/**
 * Normalises a user's language choice: undefined, '' or 'auto' → null (detect); otherwise a
 * code whisper knows, or a UserError naming the problem.
 */
export function normaliseLanguage(language: string | undefined): string | null {
  const code = (language ?? '').trim().toLowerCase();
  if (code === '' || code === 'auto') return null;
  if (WHISPER_LANGUAGES.includes(code)) return code;
  throw new UserError(
    'asr-language-unknown',
    `Unknown language "${language}" for speech recognition.`,
    'Use a two-letter code such as en, de, fr, es (or auto to detect it).',
  );
}
