/**
 * Loads a Hugging Face tokenizer from a model's files — tokenizer.json (WordPiece, BPE, ...) or a
 * BERT vocab.txt — through `@huggingface/tokenizers` (pure JS, no native code), and turns a batch
 * of texts into the padded int64 tensors ONNX encoders take.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { UserError } from '../../core/user-error.ts';

export interface LoadedTokenizer {
  readonly tokenizer: Tokenizer;
  /** Special tokens the tokenizer puts before / after the content of a single text. */
  readonly prefix: readonly number[];
  readonly suffix: readonly number[];
  /** Id used for padding (tokenizer.json's padding.pad_id, else [PAD]/<pad>, else 0). */
  readonly padId: number;
  tokenId(token: string): number | undefined;
}

export interface TokenBatch {
  batch: number;
  seq: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
}

export function loadTokenizer(file: string): LoadedTokenizer {
  let json: Record<string, unknown>;
  let config: Record<string, unknown> = {};
  try {
    if (file.endsWith('.txt')) {
      json = bertTokenizerJsonFromVocab(readFileSync(file, 'utf8'));
    } else {
      json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const configFile = path.join(path.dirname(file), 'tokenizer_config.json');
      if (existsSync(configFile)) config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    }
  } catch (error) {
    throw new UserError(
      'model-invalid',
      `Could not read the tokenizer ${file}: ${(error as Error).message}`,
      'Use the tokenizer.json or vocab.txt that came with the model.',
    );
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, config);
  } catch (error) {
    throw new UserError(
      'model-invalid',
      `Unsupported tokenizer ${file}: ${(error as Error).message}`,
      'Use the tokenizer.json that came with the model.',
    );
  }
  const { prefix, suffix } = specialTokenFrame(tokenizer);
  const padding = json.padding as { pad_id?: number } | null | undefined;
  const padId = padding?.pad_id ?? tokenizer.token_to_id('[PAD]') ?? tokenizer.token_to_id('<pad>') ?? 0;
  return { tokenizer, prefix, suffix, padId, tokenId: (token) => tokenizer.token_to_id(token) };
}

/** Finds which special tokens the post-processor wraps around a single text. */
function specialTokenFrame(tokenizer: Tokenizer): { prefix: number[]; suffix: number[] } {
  const probe = 'a';
  const plain: number[] = tokenizer.encode(probe, { add_special_tokens: false }).ids;
  const full: number[] = tokenizer.encode(probe, { add_special_tokens: true }).ids;
  for (let start = 0; start + plain.length <= full.length; start++) {
    if (plain.every((id, k) => full[start + k] === id)) {
      return { prefix: full.slice(0, start), suffix: full.slice(start + plain.length) };
    }
  }
  return { prefix: [], suffix: [] };
}

/**
 * Tokenises texts into a right-padded batch. Texts longer than `maxTokens` (special tokens
 * included) are cut, keeping the closing special token. With `fixedLength`, every row is padded
 * to exactly that many tokens (for graphs exported with a static sequence length).
 */
export function encodeBatch(
  tok: LoadedTokenizer,
  texts: string[],
  maxTokens: number,
  options: { fixedLength?: number; padId?: number } = {},
): TokenBatch {
  const limit = options.fixedLength ?? maxTokens;
  const room = Math.max(0, limit - tok.prefix.length - tok.suffix.length);
  const rows = texts.map((text) => {
    const content = tok.tokenizer.encode(text, { add_special_tokens: false }).ids;
    return [...tok.prefix, ...content.slice(0, room), ...tok.suffix];
  });
  const seq = options.fixedLength ?? Math.max(1, ...rows.map((r) => r.length));
  const batch = texts.length;
  const pad = BigInt(options.padId ?? tok.padId);
  const inputIds = new BigInt64Array(batch * seq).fill(pad);
  const attentionMask = new BigInt64Array(batch * seq);
  const tokenTypeIds = new BigInt64Array(batch * seq);
  rows.forEach((row, b) => {
    for (let s = 0; s < row.length; s++) {
      inputIds[b * seq + s] = BigInt(row[s]);
      attentionMask[b * seq + s] = 1n;
    }
  });
  return { batch, seq, inputIds, attentionMask, tokenTypeIds };
}

/**
 * The tokenizer.json equivalent of a BERT vocab.txt: BERT normaliser, BERT pre-tokeniser,
 * WordPiece with '##' continuations, [CLS] text [SEP]. Lowercases unless the vocabulary has
 * capitalised words (a cased model).
 */
export function bertTokenizerJsonFromVocab(vocabText: string): Record<string, unknown> {
  const tokens = vocabText.split(/\r?\n/);
  if (tokens.length && tokens[tokens.length - 1] === '') tokens.pop();
  const vocab: Record<string, number> = {};
  tokens.forEach((t, i) => {
    if (!(t in vocab)) vocab[t] = i;
  });
  for (const special of ['[CLS]', '[SEP]', '[UNK]']) {
    if (!(special in vocab)) throw new Error(`vocab.txt has no ${special} token`);
  }
  const cased = tokens.some((t) => /^[A-Z][a-z]+$/.test(t));
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].filter((t) => t in vocab);
  const special = (t: string) => ({ id: t, ids: [vocab[t]], tokens: [t] });
  return {
    version: '1.0',
    truncation: null,
    padding: '[PAD]' in vocab ? { pad_id: vocab['[PAD]'], pad_token: '[PAD]' } : null,
    added_tokens: specials.map((t) => ({
      id: vocab[t],
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: !cased,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}
