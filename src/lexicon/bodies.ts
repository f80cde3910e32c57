/**
 * Bodies that speak (departments, agencies, embassies, statements) and the words that mark a
 * run of capitalised words as an organisation or place rather than a person.
 */

/** Words that mark a run as an organisation or a place, never a person (folded). */
export const ORG_WORDS: ReadonlySet<string> = new Set([
  'department', 'house', 'cartel', 'cartels', 'ministry', 'group', 'office', 'initiative', 'agreement',
  'organization', 'organizations', 'organisation', 'ocean', 'palace', 'city', 'court', 'party', 'administration',
  'government', 'governments', 'union', 'nations', 'republic', 'army', 'navy', 'guard', 'council', 'congress', 'senate',
  'committee', 'bureau', 'agency', 'order', 'act', 'law', 'university', 'street', 'hemisphere', 'america', 'states',
  'kingdom', 'latin', 'caribbean', 'pacific', 'atlantic', 'gulf', 'mexico', 'texas', 'washington', 'conference',
  'statement', 'communique', 'declaration', 'news', 'times', 'post', 'press', 'site', 'web', 'media', 'network',
  'company', 'corporation', 'bank', 'fund', 'institute', 'center', 'centre', 'foundation', 'association', 'agencies',
  'embassy', 'consulate', 'police', 'forces', 'force', 'military', 'secretaria', 'exteriores', 'relaciones', 'sinaloa',
  'jalisco', 'designations', 'designation', 'terrorist', 'terrorists', 'mission', 'firewall', 'tunnels',
  'platform', 'program', 'plan', 'treaty', 'accord', 'pact', 'summit', 'meeting', 'monday', 'tuesday', 'wednesday',
  'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august',
  'september', 'october', 'november', 'december', 'day', 'week', 'year', 'service', 'commission', 'institution',
  'chamber', 'school', 'college', 'border', 'port', 'state', 'county', 'province', 'region', 'district',
]);

/** Heads of a body that can be the subject of a speech verb: "the Treasury Department said". */
export const BODY_HEADS: ReadonlySet<string> = new Set([
  'department', 'ministry', 'office', 'agency', 'administration', 'government', 'embassy', 'consulate', 'service',
  'commission', 'committee', 'council', 'bureau', 'court', 'party', 'navy', 'army', 'guard', 'police', 'congress',
  'senate', 'house', 'union', 'group', 'institute', 'center', 'centre', 'foundation', 'association', 'company',
  'corporation', 'bank', 'fund', 'organization', 'organisation', 'secretariat', 'prosecutor', 'cabinet', 'presidency',
  'statement', 'communique', 'declaration', 'readout', 'release', 'report', 'secretaria', 'fiscalia', 'gobierno',
  'embajada', 'cancilleria', 'agencia', 'servicio', 'comision',
]);

/** Nouns of a document or body that can be the subject of "said". */
export const DOCUMENT_NOUNS =
  /\b(?:statement|communiqu[eé]|declaration|agreement|accord|pact|document|text|letter|release|readout|memo|memorandum|resolution)s?$/i;

/** A mention of a statement: "a joint statement", "the readout". */
export const STATEMENT_MENTION =
  /\b(joint\s+)?(?:(?:written|official|formal|brief|short|final|signed|public)\s+)*(statement|communiqu[eé]|declaration|press release|readout)\b/giu;

/** Head nouns that can speak: people by occupation, bodies, documents. */
export const AGENT_HEAD =
  /(?:man|woman|person|people|er|or|ist|ian|ent|ant|ary|ive|ial|ee|ion|ry|ce|cy|ff|rs|ers|ors|ists|ians|ents|ants|als|ives|ees|nt|ts|ft|ps|sy|ch|ge)$|^(?:official|officials|source|sources|aide|aides|police|party|parties|bloc|authority|authorities|government|ministry|embassy|statement|communiqué|communique|agreement|accord|pact|document|text|letter|release|readout|memo|report|court|judge|group|panel|board|staff|team|chief|head|envoy|diplomat|diplomats|spokesman|spokeswoman|spokesperson)$/iu;

/**
 * Generic nouns that stand for a body or person named earlier ("the agency", "the president"):
 * they are no speaker on their own, only through what they refer to.
 */
export const REFERRING_NOUNS: ReadonlySet<string> = new Set([
  'agency', 'department', 'ministry', 'office', 'government', 'embassy', 'administration', 'service', 'company',
  'group', 'organization', 'official', 'president', 'secretary', 'minister', 'governor', 'mayor', 'ambassador',
  'director', 'senator', 'spokesperson', 'spokesman', 'spokeswoman', 'chief', 'leader', 'envoy', 'diplomat',
  'attorney general', 'prosecutor', 'mandataria', 'mandatario', 'presidenta', 'presidente', 'funcionario', 'funcionaria',
]);
