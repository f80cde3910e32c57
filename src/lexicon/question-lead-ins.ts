/**
 * How people open a question before asking it: "Is it true that…", "Do you know whether…",
 * "Can you tell me who…", "Quick question:", "Ok so…". These words say that a question
 * follows, not what it is about: they are left out of the question's words, and its type is
 * read from what follows ("Do you know when…" asks for a date).
 *
 * ```ts
 * QUESTION_LEAD_IN.exec('Is it true that Mexico sends cartel leaders north?')?.[0]; // 'Is it true that '
 * ```
 */
const LEAD_INS = [
  // Greetings and discourse markers.
  'ok(?:ay)?',
  // Not "so far", which places the question in time.
  'so(?!\\s+far\\b)',
  'well',
  'hey',
  'hi',
  'hello(?:\\s+there)?',
  'um+',
  'uh+',
  'oh',
  'anyway',
  'also',
  'and',
  'but',
  'please',
  'quick\\s+question',
  // Spanish greetings and openers ("Hola, ¿qué dijo…?", "Una pregunta:").
  'hola',
  'oye',
  'buen(?:os|as)\\s+(?:d[ií]as|tardes|noches)',
  'una\\s+pregunta',
  'por\\s+favor',
  'just\\s+(?:curious|wondering)',
  'out\\s+of\\s+curiosity',
  // Asking whether, or asking to be told.
  "(?:is|was|isn't|wasn't)\\s+it\\s+(?:really\\s+)?(?:true|right|correct|the\\s+case)",
  '(?:do|does|did)\\s+(?:you|anyone|anybody|someone|somebody)\\s+(?:happen\\s+to\\s+)?(?:know|have\\s+any\\s+idea)',
  'any\\s+idea',
  '(?:(?:can|could|would)\\s+(?:you|anyone|someone|somebody)\\s+)?(?:please\\s+)?(?:tell|remind|show|explain\\s+to)\\s+(?:me|us)',
  "i(?:'m|\\s+am|\\s+was|\\s+have\\s+been|'ve\\s+been)?\\s+(?:wondering|wonder|curious)",
  "i(?:'d|\\s+would)\\s+(?:like|love)\\s+to\\s+know",
];

/** One lead-in at the start of a text, with the punctuation after it and the "that / if / whether" joining it to the question. */
export const QUESTION_LEAD_IN = new RegExp(
  `^\\s*(?:${LEAD_INS.join('|')})\\b[\\s,:;.!?—–-]*(?:(?:that|if|whether)\\b\\s*)?`,
  'iu',
);

/** Words that open a question proper: a clause before one of them ("Sorry if this is basic, but who…") frames it. */
export const QUESTION_WORDS = ['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how'] as const;

/** Words that open a yes/no question or a question proper: a clause starting with one is not a lead-in. */
export const QUESTION_OPENERS = [
  ...QUESTION_WORDS,
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'can',
  'could',
  'will',
  'would',
  'should',
  'has',
  'have',
  'had',
] as const;

/**
 * Folded words that carry nothing to search: greetings, thanks, politeness, acknowledgements,
 * asking for help or testing the bot, in English and Spanish. A message made only of these,
 * stop words, emoji, punctuation and links asks nothing the corpus could answer ("thanks!",
 * "hello", "help", "ok", "what?"): it gets a hint on how to ask instead of weak matches.
 *
 * ```ts
 * CHATTER_WORDS.has('thanks'); // true
 * ```
 */
export const CHATTER_WORDS: ReadonlySet<string> = new Set([
  // Greetings and leave-takings.
  ...['hi', 'hello', 'hey', 'hiya', 'howdy', 'yo', 'greetings', 'morning', 'afternoon', 'evening', 'gm'],
  ...['bye', 'goodbye', 'cya', 'night', 'hola', 'buenos', 'buenas', 'dias', 'tardes', 'noches', 'saludos', 'adios'],
  // Thanks and politeness.
  ...['thanks', 'thank', 'thx', 'ty', 'tysm', 'cheers', 'appreciated', 'please', 'pls', 'plz', 'gracias', 'favor'],
  // Acknowledgements and reactions.
  ...['ok', 'okay', 'k', 'kk', 'yes', 'yeah', 'yep', 'no', 'nope', 'nah', 'sure', 'cool', 'great', 'nice', 'good'],
  ...['awesome', 'lol', 'lmao', 'haha', 'hmm', 'wow', 'vale', 'si', 'bien', 'perfecto'],
  // Asking for help, or testing the bot.
  ...['help', 'ayuda', 'test', 'testing', 'ping', 'bot', 'pactbot', 'anyone', 'there'],
]);

/**
 * Folded words that open a Spanish question ("¿Qué…", "¿Dónde…", "Cuántos…"): its stop words and
 * question words are read as Spanish, whatever the corpus's languages.
 */
export const SPANISH_QUESTION_WORDS: ReadonlySet<string> = new Set([
  ...['que', 'quien', 'quienes', 'cuando', 'donde', 'adonde', 'cual', 'cuales', 'como'],
  ...['cuanto', 'cuanta', 'cuantos', 'cuantas', 'porque'],
]);

/**
 * Folded words of a Spanish question that ask, not say what it is about, and that the Spanish
 * stop list lacks: its question words and the forms of "ser" ("¿Quién **es** Sheinbaum?").
 */
export const SPANISH_QUESTION_FILLERS: ReadonlySet<string> = new Set([
  ...SPANISH_QUESTION_WORDS,
  ...['es', 'son', 'fue', 'fueron', 'era', 'eran', 'sera', 'seran'],
]);
