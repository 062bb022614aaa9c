import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyClipTokenizerJson } from './testing/tiny-onnx-models.ts';
import { bertTokenizerJsonFromVocab, encodeBatch, loadTokenizer } from './tokenizer-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'lectern-tok-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  'the',
  'cat',
  'sat',
  'on',
  'mat',
  'chol',
  '##esky',
  'factor',
  '.',
  '!',
];
const vocabFile = path.join(dir, 'vocab.txt');
writeFileSync(vocabFile, `${VOCAB.join('\n')}\n`);
const id = (t: string) => VOCAB.indexOf(t);

describe('loadTokenizer from a BERT vocab.txt', () => {
  const tok = loadTokenizer(vocabFile);

  it('lowercases, splits words into WordPiece pieces and maps unknown words to [UNK]', () => {
    const { tokens } = tok.tokenizer.encode('The Cholesky factor sat on the MAT! zebra');
    expect(tokens).toEqual([
      '[CLS]',
      'the',
      'chol',
      '##esky',
      'factor',
      'sat',
      'on',
      'the',
      'mat',
      '!',
      '[UNK]',
      '[SEP]',
    ]);
  });

  it('finds the [CLS] ... [SEP] frame and the [PAD] id', () => {
    expect(tok.prefix).toEqual([id('[CLS]')]);
    expect(tok.suffix).toEqual([id('[SEP]')]);
    expect(tok.padId).toBe(id('[PAD]'));
  });

  it('pads a batch to its longest row with a mask marking the real tokens', () => {
    const b = encodeBatch(tok, ['cat', 'the cat sat'], 16);
    expect(b.seq).toBe(5);
    expect(Array.from(b.inputIds, Number)).toEqual([2, 6, 3, 0, 0, 2, 5, 6, 7, 3]);
    expect(Array.from(b.attentionMask, Number)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(b.tokenTypeIds, Number)).toEqual(new Array(10).fill(0));
  });

  it('cuts long texts to the limit and keeps the closing [SEP]', () => {
    const b = encodeBatch(tok, ['the cat sat on the mat'], 4);
    expect(Array.from(b.inputIds, Number)).toEqual([id('[CLS]'), id('the'), id('cat'), id('[SEP]')]);
  });

  it('pads every row to a fixed length for graphs with a static sequence axis', () => {
    const b = encodeBatch(tok, ['cat'], 512, { fixedLength: 6 });
    expect(b.seq).toBe(6);
    expect(Array.from(b.attentionMask, Number)).toEqual([1, 1, 1, 0, 0, 0]);
  });
});

describe('bertTokenizerJsonFromVocab', () => {
  it('keeps case for a cased vocabulary', () => {
    const cased = bertTokenizerJsonFromVocab(['[UNK]', '[CLS]', '[SEP]', 'The', 'the', 'Paris'].join('\n'));
    expect((cased.normalizer as { lowercase: boolean }).lowercase).toBe(false);
  });

  it('refuses a vocabulary without the BERT special tokens', () => {
    expect(() => bertTokenizerJsonFromVocab('hello\nworld\n')).toThrow(/\[CLS\]/);
  });
});

describe('loadTokenizer from a CLIP tokenizer.json', () => {
  const file = path.join(dir, 'tokenizer.json');
  writeFileSync(file, JSON.stringify(tinyClipTokenizerJson(['cat', 'slide', 'graph'])));
  const tok = loadTokenizer(file);

  it('applies the BPE merges with end-of-word markers between <|startoftext|> and <|endoftext|>', () => {
    expect(tok.tokenizer.encode('A  CAT slide').tokens).toEqual([
      '<|startoftext|>',
      'a</w>',
      'cat</w>',
      'slide</w>',
      '<|endoftext|>',
    ]);
    expect(tok.prefix).toEqual([tok.tokenId('<|startoftext|>')]);
    expect(tok.suffix).toEqual([tok.tokenId('<|endoftext|>')]);
  });

  it('pads with the requested id up to a fixed context', () => {
    const eos = tok.tokenId('<|endoftext|>')!;
    const b = encodeBatch(tok, ['cat'], 77, { fixedLength: 77, padId: eos });
    expect(b.seq).toBe(77);
    expect(Number(b.inputIds[3])).toBe(eos);
    expect(Number(b.inputIds[76])).toBe(eos);
    expect(Array.from(b.attentionMask, Number).reduce((a, c) => a + c, 0)).toBe(3);
  });
});

describe('loadTokenizer errors', () => {
  it('reports a file that is not a tokenizer as a user error', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    expect(() => loadTokenizer(bad)).toThrow(expect.objectContaining({ code: 'model-invalid' }));
  });
});
