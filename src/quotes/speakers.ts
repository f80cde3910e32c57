import type { DocumentContext, RawSpeaker } from './context.js';
import { fullNameOf, isPerson } from './mentions.js';
import { nameKey, normaliseRole } from './names.js';
import type { Speaker } from './types.js';

/**
 * Stage 5: canonical speakers within the document. A person's short name becomes the full name
 * the document gives (unless two people share it), with the role written with the quotation or,
 * failing that, the role the document gives the person elsewhere.
 */
export function canonicalSpeaker(ctx: DocumentContext, raw: RawSpeaker | null): Speaker | null {
  if (!raw) return null;
  const clean = (text: string) => text.replace(/[\s.,;:]+$/u, '').trim();
  if (!raw.person) return raw.role ? { name: clean(raw.core), role: clean(raw.role) } : { name: clean(raw.core) };
  const full = clean(linkableFullName(ctx, raw));
  let role = raw.role;
  if (!role) {
    const key = nameKey(full);
    role = ctx.people.byKey.get(key.key)?.roles[0];
    if (!role) {
      for (const [core, roles] of ctx.people.rolesByCore) {
        if (!roles.length) continue;
        if (key.key === core || key.key.endsWith(` ${core}`)) {
          role = roles[0];
          break;
        }
      }
    }
  }
  return role ? { name: full, role: normaliseRole(clean(role)) } : { name: full };
}

/**
 * The full name a short one links to — unless the short name carries a role the full name's
 * person is never given ("President Biden" beside "First Lady Jill Biden" is somebody else).
 */
function linkableFullName(ctx: DocumentContext, raw: RawSpeaker): string {
  const full = fullNameOf(ctx, raw.core);
  if (full === raw.core || !raw.role) return full;
  const roles = ctx.people.byKey.get(nameKey(full).key)?.roles ?? [];
  if (roles.length === 0) return full;
  const words = (text: string) => new Set(nameKey(text).tokens.filter((t) => t.length > 2));
  const mine = words(raw.role);
  return roles.some((r) => [...words(r)].some((w) => mine.has(w))) ? full : raw.core;
}

/** Every way the document names a person: core name and the words as written ("Secretary Rubio"). */
export function nameSurfaces(
  ctx: DocumentContext,
  speakers: (RawSpeaker | null)[],
): { core: string; surface: string; role?: string }[] {
  const out: { core: string; surface: string; role?: string }[] = [];
  for (const parsed of ctx.nameRuns) {
    if (!parsed.core || !isPerson(ctx, parsed)) continue;
    out.push({
      core: parsed.core,
      surface: parsed.surface.replace(/['’]s$/u, '').replace(/[.,;:]$/u, ''),
      role: parsed.role,
    });
  }
  for (const raw of speakers)
    if (raw) out.push({ core: raw.core, surface: raw.surface.replace(/[.,;:]$/u, ''), role: raw.role });
  return out;
}
