/**
 * Text search, pure: the text index spec (weights, languages), tokenizing and stemming as mongod's text
 * index version 3 does, the per-term scores a document puts into the index (mongod's fts_spec.cpp
 * formula), `$text` operands parsed into terms, phrases and negations, and the check of one document.
 *
 * Tokens are maximal runs of letters, digits and marks (Unicode); everything else delimits. mongod's
 * tokenizer does not segment CJK text, so a run of Chinese characters is one token: "会员积分" is found
 * by searching "会员积分", not "积分" (use a phrase, a regex or separate the words with spaces).
 */
import type { Document } from '../../contracts';
import { commandError, MongoCommandError } from '../../errors';
import { visitQueryPath, splitPath } from '../paths';
import { isDocument, isNumber, renderValue, toJsNumber } from '../values';
import { porterStem } from './porter';
import { ENGLISH_STOP_WORDS } from './stop-words';

/** The languages mongod's text index knows; 'none' and English are analysed here, the others as 'none' (README). */
const LANGUAGES = new Map<string, string>([
  ['none', 'none'],
  ['english', 'english'],
  ['en', 'english'],
  ...([
    ['danish', 'da'],
    ['dutch', 'nl'],
    ['finnish', 'fi'],
    ['french', 'fr'],
    ['german', 'de'],
    ['hungarian', 'hu'],
    ['italian', 'it'],
    ['norwegian', 'nb'],
    ['portuguese', 'pt'],
    ['romanian', 'ro'],
    ['russian', 'ru'],
    ['spanish', 'es'],
    ['swedish', 'sv'],
    ['turkish', 'tr'],
  ].flatMap(([name, code]) => [
    [name, name],
    [code, name],
  ]) as Array<[string, string]>),
]);

/** The canonical language name, or mongod's BadValue for one it does not know. */
export function textLanguage(raw: unknown): string {
  const found = typeof raw === 'string' ? LANGUAGES.get(raw.toLowerCase()) : undefined;
  if (!found) throw commandError('BadValue', `unsupported language: ${renderValue(raw)} for text index version 3`);
  return found;
}

export const MAX_TEXT_WEIGHT = 1000000000;

export interface TextIndexSpec {
  /** Field path → weight; `$**` for every string field. */
  weights: Map<string, number>;
  wildcard: number | undefined;
  defaultLanguage: string;
  languageOverride: string;
}

/** The text part of a stored index spec (`weights`, `default_language`, `language_override`). */
export function textIndexSpec(spec: Document): TextIndexSpec {
  const weights = new Map<string, number>();
  let wildcard: number | undefined;
  for (const [field, weight] of Object.entries(isDocument(spec.weights) ? spec.weights : {})) {
    const w = toJsNumber(weight);
    if (field === '$**') wildcard = w;
    else weights.set(field, w);
  }
  return {
    weights,
    wildcard,
    defaultLanguage: textLanguage(spec.default_language ?? 'english'),
    languageOverride: typeof spec.language_override === 'string' ? spec.language_override : 'language',
  };
}

export interface TokenOptions {
  language: string;
  caseSensitive?: boolean;
  diacriticSensitive?: boolean;
}

const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

export function foldDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '');
}

function fold(s: string, options: TokenOptions): string {
  let out = options.caseSensitive ? s : s.toLowerCase();
  if (!options.diacriticSensitive) out = foldDiacritics(out);
  return out;
}

/** The index terms of `text` (stop words dropped, stemmed), in order. */
export function textTokens(text: string, options: TokenOptions): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const term = textTerm(match[0], options);
    if (term !== null) out.push(term);
  }
  return out;
}

/** One token's term, or null for a stop word. */
function textTerm(token: string, options: TokenOptions): string | null {
  const folded = fold(token, options);
  if (options.language !== 'english') return folded;
  const lower = options.caseSensitive ? folded.toLowerCase() : folded;
  if (ENGLISH_STOP_WORDS.has(lower)) return null;
  if (!options.caseSensitive) return porterStem(folded);
  // Case-sensitive: stem the lower-case form and keep the original letters of the stem.
  const stem = porterStem(lower);
  return folded.slice(0, stem.length) === lower.slice(0, stem.length) ? stem : folded.slice(0, stem.length);
}

/** Every string a field path of the index reaches, with its weight and language (sub-documents may override it). */
export function textValues(doc: Document, spec: TextIndexSpec): Array<{ text: string; weight: number; language: string }> {
  const out: Array<{ text: string; weight: number; language: string }> = [];
  const languageOf = (d: Document, inherited: string): string => {
    const raw = d[spec.languageOverride];
    return raw === undefined ? inherited : textLanguageForDocument(raw);
  };
  const rootLanguage = languageOf(doc, spec.defaultLanguage);
  if (spec.wildcard !== undefined) {
    const walk = (value: unknown, path: string, language: string) => {
      if (typeof value === 'string') {
        if (path === spec.languageOverride) return;
        out.push({ text: value, weight: spec.weights.get(path) ?? (spec.wildcard as number), language });
      } else if (Array.isArray(value)) {
        for (const v of value) walk(v, path, language);
      } else if (isDocument(value)) {
        const lang = value === doc ? language : languageOf(value, language);
        for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`, lang);
      }
    };
    walk(doc, '', rootLanguage);
    return out;
  }
  for (const [path, weight] of spec.weights) {
    visitQueryPath(
      doc,
      splitPath(path),
      (value) => {
        if (typeof value === 'string') out.push({ text: value, weight, language: rootLanguage });
        return false;
      },
      true,
    );
  }
  return out;
}

function textLanguageForDocument(raw: unknown): string {
  const found = typeof raw === 'string' ? LANGUAGES.get(raw.toLowerCase()) : undefined;
  if (!found)
    throw new MongoCommandError(17262, `language override unsupported: ${typeof raw === 'string' ? raw : renderValue(raw)}`);
  return found;
}

/**
 * The terms a document puts into the index with their scores, mongod's `_scoreStringV2` for each string:
 * for a term met `count` times among the string's `n` non-stop-word tokens, `freq` = Σ 1/2^k (k = 0…count-1),
 * score += weight × freq × (0.5 × count / n + 0.5) × (1.1 when the whole string is the term, else 1).
 */
export function documentTermScores(doc: Document, spec: TextIndexSpec): Map<string, number> {
  const scores = new Map<string, number>();
  for (const { text, weight, language } of textValues(doc, spec)) {
    const tokens = textTokens(text, { language });
    if (tokens.length === 0) continue;
    const terms = new Map<string, { count: number; freq: number; exp: number }>();
    for (const term of tokens) {
      const data = terms.get(term) ?? { count: 0, freq: 0, exp: 0 };
      data.exp = data.exp ? data.exp * 2 : 1;
      data.count += 1;
      data.freq += 1 / data.exp;
      terms.set(term, data);
    }
    for (const [term, data] of terms) {
      const coeff = (0.5 * data.count) / tokens.length + 0.5;
      const adjustment = text.length === term.length && text.toLowerCase() === term.toLowerCase() ? 1.1 : 1;
      scores.set(term, (scores.get(term) ?? 0) + weight * data.freq * coeff * adjustment);
    }
  }
  return scores;
}

export interface TextQuery {
  search: string;
  language: string;
  caseSensitive: boolean;
  diacriticSensitive: boolean;
  /** Stemmed, case- and diacritic-folded as the index holds them: what the index is searched for. */
  terms: string[];
  /** The same terms as the query's options fold them (equal to `terms` unless case / diacritic sensitive). */
  exactTerms: string[];
  negatedTerms: string[];
  phrases: string[];
  negatedPhrases: string[];
}

const TEXT_FIELDS = new Set(['$search', '$language', '$caseSensitive', '$diacriticSensitive']);

function optionalFlag(operand: Document, name: string): boolean {
  const value = operand[name];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw commandError('BadValue', `$text ${name} requires a boolean value`);
  return value;
}

/** Parses a `$text` operand; `defaultLanguage` is the index's (known once the index is chosen). */
export function parseTextQuery(operand: unknown, defaultLanguage = 'english'): TextQuery {
  if (!isDocument(operand)) throw commandError('BadValue', '$text expects an object');
  for (const field of Object.keys(operand)) {
    if (!TEXT_FIELDS.has(field)) throw commandError('BadValue', `Unexpected field: '${field}' in $text expression`);
  }
  if (typeof operand.$search !== 'string') throw commandError('BadValue', '$search needs a String');
  if (operand.$language !== undefined && typeof operand.$language !== 'string')
    throw commandError('BadValue', '$language needs a String');
  const language =
    operand.$language === undefined || operand.$language === '' ? defaultLanguage : textLanguage(operand.$language);
  const caseSensitive = optionalFlag(operand, '$caseSensitive');
  const diacriticSensitive = optionalFlag(operand, '$diacriticSensitive');
  const search = operand.$search;
  const query: TextQuery = {
    search,
    language,
    caseSensitive,
    diacriticSensitive,
    terms: [],
    exactTerms: [],
    negatedTerms: [],
    phrases: [],
    negatedPhrases: [],
  };
  const terms = new Set<string>();
  const exact = new Set<string>();
  const negated = new Set<string>();
  const addTerms = (text: string, negate: boolean) => {
    for (const match of text.matchAll(TOKEN)) {
      const folded = textTerm(match[0], { language });
      if (folded === null) continue;
      if (negate) {
        const sensitive = textTerm(match[0], { language, caseSensitive, diacriticSensitive });
        if (sensitive !== null) negated.add(sensitive);
        continue;
      }
      terms.add(folded);
      const sensitive = textTerm(match[0], { language, caseSensitive, diacriticSensitive });
      if (sensitive !== null) exact.add(sensitive);
    }
  };
  // Phrases are quoted; a '-' straight before a quote or a word negates it (mongod's FTSQueryImpl).
  let i = 0;
  let inPhrase = false;
  let phraseStart = 0;
  let phraseNegated = false;
  while (i < search.length) {
    const c = search[i];
    if (c === '"') {
      if (inPhrase) {
        const phrase = search.slice(phraseStart, i);
        if (phrase.trim() !== '') {
          if (phraseNegated) query.negatedPhrases.push(phrase);
          else {
            query.phrases.push(phrase);
            addTerms(phrase, false);
          }
        }
        inPhrase = false;
      } else {
        phraseNegated = i > 0 && search[i - 1] === '-';
        inPhrase = true;
        phraseStart = i + 1;
      }
      i++;
      continue;
    }
    if (inPhrase) {
      i++;
      continue;
    }
    // A word outside phrases.
    let j = i;
    while (j < search.length && search[j] !== '"' && !/\s/u.test(search[j])) j++;
    if (j > i) {
      const word = search.slice(i, j);
      const negate = word.startsWith('-');
      addTerms(negate ? word.slice(1) : word, negate);
    }
    i = j === i ? i + 1 : j;
  }
  if (inPhrase) {
    // An unterminated phrase runs to the end of the string, as in mongod.
    const phrase = search.slice(phraseStart);
    if (phrase.trim() !== '') {
      if (phraseNegated) query.negatedPhrases.push(phrase);
      else {
        query.phrases.push(phrase);
        addTerms(phrase, false);
      }
    }
  }
  query.terms = [...terms];
  query.exactTerms = [...exact];
  query.negatedTerms = [...negated].filter((t) => !exact.has(t));
  return query;
}

function phraseIn(haystack: string, phrase: string, query: TextQuery): boolean {
  const options: TokenOptions = {
    language: 'none',
    caseSensitive: query.caseSensitive,
    diacriticSensitive: query.diacriticSensitive,
  };
  return fold(haystack, options).includes(fold(phrase, options));
}

/**
 * Whether a document the index found for the query's terms satisfies it whole: no negated term, every
 * phrase present (and no negated phrase) in one of the indexed strings, and with case or diacritic
 * sensitivity a positive term present in that exact form.
 */
export function matchesTextQuery(doc: Document, spec: TextIndexSpec, query: TextQuery): boolean {
  if (!needsDocumentCheck(query)) return true;
  const values = textValues(doc, spec);
  const sensitivity: TokenOptions = {
    language: query.language,
    caseSensitive: query.caseSensitive,
    diacriticSensitive: query.diacriticSensitive,
  };
  if (query.negatedTerms.length > 0) {
    for (const v of values) {
      const tokens = new Set(textTokens(v.text, sensitivity));
      if (query.negatedTerms.some((t) => tokens.has(t))) return false;
    }
  }
  for (const phrase of query.phrases) if (!values.some((v) => phraseIn(v.text, phrase, query))) return false;
  for (const phrase of query.negatedPhrases) if (values.some((v) => phraseIn(v.text, phrase, query))) return false;
  if (query.caseSensitive || query.diacriticSensitive) {
    const wanted = new Set(query.exactTerms);
    if (!values.some((v) => textTokens(v.text, sensitivity).some((t) => wanted.has(t)))) return false;
  }
  return true;
}

/** A weight of a text index spec, validated as mongod does. */
export function validateTextWeight(field: string, weight: unknown): number {
  if (!isNumber(weight)) throw commandError('CannotCreateIndex', `weight for text index needs numeric type`);
  const w = toJsNumber(weight);
  if (!(w > 0 && w < MAX_TEXT_WEIGHT))
    throw commandError(
      'CannotCreateIndex',
      `text index weight must be in the exclusive interval (0,${MAX_TEXT_WEIGHT}) but found: ${w} for field '${field}'`,
    );
  return w;
}

/** The `$text` operand of a filter (top level or under a top-level `$and`); at most one. */
export function findText(filter: Document): unknown {
  let found: unknown;
  const visit = (f: Document) => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$text') {
        if (found !== undefined) throw commandError('BadValue', 'Too many text expressions');
        found = value;
      } else if (key === '$and' && Array.isArray(value)) {
        for (const branch of value) if (isDocument(branch)) visit(branch);
      }
    }
  };
  visit(filter);
  return found;
}

/** Whether a document holding one of the terms may still fail the query (phrases, negations, sensitivity). */
export function needsDocumentCheck(query: TextQuery): boolean {
  return (
    query.negatedTerms.length > 0 ||
    query.phrases.length > 0 ||
    query.negatedPhrases.length > 0 ||
    query.caseSensitive ||
    query.diacriticSensitive
  );
}
