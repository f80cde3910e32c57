/**
 * The one list of speech verbs, shared by analysis, question parsing and quotation extraction.
 *
 * Each entry is a lemma with its inflected forms, so a caller can ask for exactly the forms it
 * needs: the question parser wants "say", "said", "tell"…, the extractor wants every form a news
 * sentence uses ("said", "says", "saying").
 *
 * ```ts
 * isSpeechVerb('stressed');          // true
 * speechVerbLemma('told');           // 'tell'
 * SPEECH_VERB_FORMS_ES.has('dijo');  // true
 * ```
 */

/** lemma → [third person, past, -ing] (and any other past/participle form). */
const ENGLISH: Record<string, readonly string[]> = {
  say: ['says', 'said', 'saying'],
  tell: ['tells', 'told', 'telling'],
  add: ['adds', 'added', 'adding'],
  stress: ['stresses', 'stressed', 'stressing'],
  claim: ['claims', 'claimed', 'claiming'],
  insist: ['insists', 'insisted', 'insisting'],
  pledge: ['pledges', 'pledged', 'pledging'],
  emphasize: ['emphasizes', 'emphasized', 'emphasizing', 'emphasise', 'emphasises', 'emphasised', 'emphasising'],
  declare: ['declares', 'declared', 'declaring'],
  warn: ['warns', 'warned', 'warning'],
  note: ['notes', 'noted', 'noting'],
  state: ['states', 'stated', 'stating'],
  explain: ['explains', 'explained', 'explaining'],
  argue: ['argues', 'argued', 'arguing'],
  assert: ['asserts', 'asserted', 'asserting'],
  write: ['writes', 'wrote', 'written', 'writing'],
  remark: ['remarks', 'remarked', 'remarking'],
  continue: ['continues', 'continued', 'continuing'],
  recall: ['recalls', 'recalled', 'recalling'],
  reply: ['replies', 'replied', 'replying'],
  respond: ['responds', 'responded', 'responding'],
  answer: ['answers', 'answered', 'answering'],
  acknowledge: ['acknowledges', 'acknowledged', 'acknowledging'],
  admit: ['admits', 'admitted', 'admitting'],
  announce: ['announces', 'announced', 'announcing'],
  observe: ['observes', 'observed', 'observing'],
  suggest: ['suggests', 'suggested', 'suggesting'],
  caution: ['cautions', 'cautioned', 'cautioning'],
  urge: ['urges', 'urged', 'urging'],
  promise: ['promises', 'promised', 'promising'],
  vow: ['vows', 'vowed', 'vowing'],
  boast: ['boasts', 'boasted', 'boasting'],
  concede: ['concedes', 'conceded', 'conceding'],
  maintain: ['maintains', 'maintained', 'maintaining'],
  contend: ['contends', 'contended', 'contending'],
  affirm: ['affirms', 'affirmed', 'affirming'],
  reaffirm: ['reaffirms', 'reaffirmed', 'reaffirming'],
  reiterate: ['reiterates', 'reiterated', 'reiterating'],
  comment: ['comments', 'commented', 'commenting'],
  predict: ['predicts', 'predicted', 'predicting'],
  complain: ['complains', 'complained', 'complaining'],
  lament: ['laments', 'lamented', 'lamenting'],
  tweet: ['tweets', 'tweeted', 'tweeting'],
  post: ['posts', 'posted', 'posting'],
  conclude: ['concludes', 'concluded', 'concluding'],
  demand: ['demands', 'demanded', 'demanding'],
  ask: ['asks', 'asked', 'asking'],
  thunder: ['thunders', 'thundered', 'thundering'],
  quip: ['quips', 'quipped', 'quipping'],
  joke: ['jokes', 'joked', 'joking'],
  underscore: ['underscores', 'underscored', 'underscoring'],
  underline: ['underlines', 'underlined', 'underlining'],
  highlight: ['highlights', 'highlighted', 'highlighting'],
  call: ['calls', 'called', 'calling'],
  describe: ['describes', 'described', 'describing'],
  praise: ['praises', 'praised', 'praising'],
  denounce: ['denounces', 'denounced', 'denouncing'],
  criticize: ['criticizes', 'criticized', 'criticizing', 'criticise', 'criticises', 'criticised', 'criticising'],
  accuse: ['accuses', 'accused', 'accusing'],
  counter: ['counters', 'countered', 'countering'],
  retort: ['retorts', 'retorted', 'retorting'],
  confirm: ['confirms', 'confirmed', 'confirming'],
  deny: ['denies', 'denied', 'denying'],
  think: ['thinks', 'thought', 'thinking'],
  speak: ['speaks', 'spoke', 'spoken', 'speaking'],
  gush: ['gushes', 'gushed', 'gushing'],
};

/** Verbs that name what something is in quoted words: "called the pact "a test of trust"" (past forms). */
const NAMING = [
  'called',
  'calls',
  'calling',
  'described',
  'describes',
  'describing',
  'termed',
  'dubbed',
  'labeled',
  'labelled',
  'branded',
  'calificó',
  'califico',
  'llamó',
  'describió',
];

/** Spanish cues: "dijo", "afirmó", "señaló"… (accented and unaccented spellings). */
const SPANISH = [
  'dijo',
  'dice',
  'decir',
  'afirmó',
  'afirmo',
  'afirma',
  'señaló',
  'senalo',
  'señala',
  'declaró',
  'declaro',
  'declara',
  'aseguró',
  'aseguro',
  'asegura',
  'indicó',
  'indico',
  'indica',
  'explicó',
  'explico',
  'explica',
  'añadió',
  'anadio',
  'agregó',
  'agrego',
  'subrayó',
  'subrayo',
  'insistió',
  'insistio',
  'advirtió',
  'advirtio',
  'sostuvo',
  'expresó',
  'expreso',
  'manifestó',
  'manifesto',
  'apuntó',
  'apunto',
  'destacó',
  'destaco',
  'comentó',
  'comento',
  'respondió',
  'respondio',
  'anunció',
  'anuncio',
  'reiteró',
  'reitero',
  'precisó',
  'preciso',
  // More reporting verbs of news copy; unaccented spellings only where they are not a common noun or
  // adjective ("critico", "lamento" are left out).
  'criticó',
  'preguntó',
  'pregunto',
  'cuestionó',
  'cuestiono',
  'detalló',
  'detallo',
  'denunció',
  'denuncio',
  'reconoció',
  'reconocio',
  'recordó',
  'recordo',
  'aclaró',
  'aclaro',
  'enfatizó',
  'enfatizo',
  'acusó',
  'acuso',
  'lamentó',
  'exigió',
  'exigio',
  'admitió',
  'admitio',
  'concluyó',
  'concluyo',
  'replicó',
  'replico',
  'remató',
  'remato',
  'mencionó',
  'menciono',
  'puntualizó',
  'puntualizo',
  'insiste',
  'sostiene',
] as const;

const LEMMA_OF = new Map<string, string>();
for (const [lemma, forms] of Object.entries(ENGLISH)) {
  LEMMA_OF.set(lemma, lemma);
  for (const form of forms) LEMMA_OF.set(form, lemma);
}

/** Every English form, lemma included ("say", "says", "said", "saying", …). */
export const SPEECH_VERB_FORMS: ReadonlySet<string> = new Set(LEMMA_OF.keys());
/** Spanish speech-verb forms. */
export const SPEECH_VERB_FORMS_ES: ReadonlySet<string> = new Set(SPANISH);

/** Verbs of naming ("called", "described", "termed", "calificó"): the subject names the thing in the quoted words. */
export const NAMING_VERB_FORMS: ReadonlySet<string> = new Set(NAMING);

/** The verbs that ask what somebody said in a question: "what did X say/tell/stress…". */
export const SPEECH_VERB_LEMMAS: readonly string[] = Object.keys(ENGLISH);

export function isSpeechVerb(word: string): boolean {
  const w = word.toLowerCase();
  return LEMMA_OF.has(w) || SPEECH_VERB_FORMS_ES.has(w);
}

/** "told" → "tell"; undefined for a word that is not an English speech verb. */
export function speechVerbLemma(word: string): string | undefined {
  return LEMMA_OF.get(word.toLowerCase());
}

/** A regular-expression alternation of the given forms, longest first so "said" never stops at "sa…". */
export function speechVerbPattern(forms: Iterable<string> = SPEECH_VERB_FORMS): string {
  return [...forms].sort((a, b) => b.length - a.length).join('|');
}
