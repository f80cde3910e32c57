import { describe, expect, it } from 'vitest';
import { pronounToAntecedent, resolvePhrase, roleReference } from '../src/quotes/attribute.js';
import { prepareDocument } from '../src/quotes/extract.js';
import {
  accordingTo,
  appositiveSpeaker,
  calledAs,
  colonIntroduction,
  continuationOfPreviousSpeaker,
  nameSaidQuote,
  possessiveRemarks,
  quoteThenBareVerb,
  quoteThenNameSaid,
  quoteThenSaidName,
  siteOf,
  subjectOfSentence,
  type AttributionRule,
  type Previous,
} from '../src/quotes/rules.js';
import { parseName } from '../src/quotes/names.js';
import { firstNameGender } from '../src/lexicon/first-names.js';
import { makeDoc } from './quotes-helpers.js';
import { at } from './helpers/at.js';

/** What one rule alone says of the `index`-th quotation: the speaker's name, null for "nobody", undefined when it does not apply. */
function ruleSays(
  rule: AttributionRule,
  paragraphs: string[],
  options: { index?: number; language?: 'en' | 'es'; previous?: number } = {},
) {
  const { ctx, marked } = prepareDocument(makeDoc(paragraphs, { language: options.language }));
  const site = siteOf(ctx, at(marked, options.index ?? 0));
  let previous: Previous | undefined;
  if (options.previous !== undefined) {
    const p = at(marked, options.previous);
    previous = {
      candidate: p,
      speaker: { core: 'Mark Ellison', surface: 'Mark Ellison', person: true },
      sentenceIndex: siteOf(ctx, p).sentenceIndex,
    };
  }
  const f = rule.apply(site, ctx, previous);
  if (!f) return undefined;
  const speaker = f.speaker !== undefined ? f.speaker : resolvePhrase(ctx, f.np!, f.paragraph, f.offset);
  return speaker ? { name: speaker.core, role: speaker.role } : null;
}

describe('quoteThenSaidName', () => {
  it('reads the name after the verb, with the role apart and the relative clause left out', () => {
    expect(
      ruleSays(quoteThenSaidName, [
        '"Every container matters," said Treasury official Mark Ellison, who leads the joint task force.',
      ]),
    ).toEqual({
      name: 'Mark Ellison',
      role: 'Treasury official',
    });
    expect(
      ruleSays(quoteThenSaidName, ['"The ports are the front line," said customs inspector Lucia Romero.'])?.name,
    ).toBe('Lucia Romero');
  });
  it('"said the mayor, John Doe" gives the name', () => {
    expect(ruleSays(quoteThenSaidName, ['"It works," said the mayor, John Doe.'])).toEqual({
      name: 'John Doe',
      role: 'mayor',
    });
  });
  it('a name opening a description is not the speaker when a full name ends it', () => {
    expect(ruleSays(quoteThenSaidName, ['"It matters," said Time editor-in-chief Edward Felsenthal.'])?.name).toBe(
      'Edward Felsenthal',
    );
    expect(
      ruleSays(quoteThenSaidName, ['"It smells," said University of Tokyo professor and biochemist Kazushige Touhara.'])
        ?.name,
    ).toBe('Kazushige Touhara');
  });
  it('does not apply when no verb follows the quotation', () => {
    expect(ruleSays(quoteThenSaidName, ['"It works," Doe told reporters.'])).toBeUndefined();
  });
});

describe('quoteThenNameSaid', () => {
  it('reads a titled name with periods before "told"', () => {
    expect(
      ruleSays(quoteThenNameSaid, [
        '"No timetable exists yet," U.S. Consul General Peter Walsh told journalists after the briefing.',
      ])?.name,
    ).toBe('Peter Walsh');
  });
  it('a role that two people hold resolves to nobody', () => {
    const paragraphs = [
      'Secretary of State Marco Rubio met Foreign Secretary Juan Ramón de la Fuente.',
      '"We agreed," the secretary said.',
    ];
    expect(ruleSays(quoteThenNameSaid, paragraphs)).toBeNull();
  });
});

describe('quoteThenBareVerb (Spanish)', () => {
  it('«…», explicó: the person speaking just before in the paragraph', () => {
    const p = [
      'El secretario de Seguridad, Omar García Harfuch, señaló que el grupo se reunirá. «Vamos a compartir información», explicó.',
    ];
    expect(ruleSays(quoteThenBareVerb, p, { language: 'es' })?.name).toBe('Omar García Harfuch');
  });
  it('does not apply to English documents', () => {
    expect(ruleSays(quoteThenBareVerb, ['Omar García said so. "We will," explained.'])).toBeUndefined();
  });
});

describe('accordingTo', () => {
  it('according to a surname, and según with a role', () => {
    expect(
      ruleSays(accordingTo, [
        'Mark Ellison leads the task force.',
        'According to Ellison, the network moved "at least $300 million" since 2023.',
      ])?.name,
    ).toBe('Ellison');
    expect(
      ruleSays(accordingTo, ['Según el canciller Juan Ramón de la Fuente, el acuerdo “es un paso histórico”.'], {
        language: 'es',
      })?.name,
    ).toBe('Juan Ramón de la Fuente');
  });
  it('según la fiscal, <Name>,: the name in apposition', () => {
    expect(
      ruleSays(accordingTo, ['Según la fiscal estatal, Ana Treviño, los homicidios bajaron «más de 20 por ciento».'], {
        language: 'es',
      })?.name,
    ).toBe('Ana Treviño');
  });
});

describe('calledAs', () => {
  it('a body that calls something by quoted words', () => {
    expect(
      ruleSays(calledAs, ['The Treasury Department called the expansion "a decisive step against cartel finance."']),
    ).toEqual({
      name: 'Treasury Department',
      role: undefined,
    });
  });
  it('does not apply to an ordinary speech verb', () => {
    expect(ruleSays(calledAs, ['Noem said the plan was "working well."'])).toBeUndefined();
  });
});

describe('appositiveSpeaker', () => {
  it('role first: "The governor of Colima, Indira Vizcaíno, said"', () => {
    expect(
      ruleSays(appositiveSpeaker, [
        'The governor of Colima, Indira Vizcaíno, said the plan was "good news for the port."',
      ]),
    ).toEqual({
      name: 'Indira Vizcaíno',
      role: 'governor of Colima',
    });
  });
  it('name first: "Raúl Benítez Manaut, a security expert, said"', () => {
    expect(
      ruleSays(appositiveSpeaker, [
        'Raúl Benítez Manaut, a security expert, said the pact marks "a turning point in the relationship."',
      ]),
    ).toEqual({
      name: 'Raúl Benítez Manaut',
      role: 'security expert',
    });
  });
});

describe('nameSaidQuote', () => {
  it('"ICE Director Todd Lyons said" keeps the title out of the name', () => {
    expect(
      ruleSays(nameSaidQuote, ['ICE Director Todd Lyons said the agency would "double the number of agents."']),
    ).toEqual({
      name: 'Todd Lyons',
      role: 'ICE Director',
    });
  });
  it('"X …, saying" takes the sentence subject', () => {
    expect(ruleSays(nameSaidQuote, ['Kristi Noem rejected the report, saying "the numbers are wrong."'])?.name).toBe(
      'Kristi Noem',
    );
  });
});

describe('possessiveRemarks and subjectOfSentence', () => {
  it("Smith's remarks", () => {
    expect(
      ruleSays(possessiveRemarks, [
        'Mark Ellison spoke.',
        'Ellison’s remarks, widely shared, called it "a turning point for the ports."',
      ])?.name,
    ).toBe('Ellison');
  });
  it('a person opening the sentence without a speech verb', () => {
    expect(ruleSays(subjectOfSentence, ['Kristi Noem gave "a full account of the operation" to Congress.'])?.name).toBe(
      'Kristi Noem',
    );
    expect(
      ruleSays(subjectOfSentence, ['The report gave "a full account of the operation" to Congress.']),
    ).toBeUndefined();
  });
  it('only when a verb follows the subject, not more noun phrase', () => {
    expect(
      ruleSays(subjectOfSentence, ['Alex Trebek, host of the show "Jeopardy! Tonight and Always", died on Sunday.']),
    ).toBeUndefined();
    expect(
      ruleSays(subjectOfSentence, [
        'Mark Ellison spoke.',
        'The Ellison bill would allow relief "against anyone who sells a kit."',
      ]),
    ).toBeUndefined();
  });
});

describe('continuationOfPreviousSpeaker and colonIntroduction', () => {
  it('a quotation paragraph right after keeps the speaker', () => {
    expect(
      ruleSays(continuationOfPreviousSpeaker, ['"One," said Mark Ellison.', '"Two more words here."'], {
        index: 1,
        previous: 0,
      })?.name,
    ).toBe('Mark Ellison');
  });
  it('not when somebody else is named in between', () => {
    expect(
      ruleSays(
        continuationOfPreviousSpeaker,
        ['"One," said Mark Ellison. Lucia Romero shook her head.', '"Two more words here."'],
        { index: 1, previous: 0 },
      ),
    ).toBeUndefined();
  });
  it('not for words in marks inside a sentence (a name), but yes for a quotation ending it', () => {
    const named = ['"We will fly," said Mark Ellison. The promotion follows its earlier "flight to nowhere" campaign.'];
    expect(ruleSays(continuationOfPreviousSpeaker, named, { index: 1, previous: 0 })).toBeUndefined();
    const ending = ['"We will fly," said Mark Ellison. Mexico would prefer "a peaceful solution of conflicts."'];
    expect(ruleSays(continuationOfPreviousSpeaker, ending, { index: 1, previous: 0 })?.name).toBe('Mark Ellison');
  });
  it('"Smith said:" ending the paragraph before', () => {
    expect(
      ruleSays(colonIntroduction, [
        'Deputy Secretary Christopher Landau told reporters:',
        '"We want results, not promises."',
      ])?.name,
    ).toBe('Christopher Landau');
  });
});

describe('pronounToAntecedent and roleReference', () => {
  const { ctx } = prepareDocument(
    makeDoc([
      'Mexican Economy Secretary Marcelo Ebrard met Senator Amy Klobuchar on Thursday.',
      'Ebrard spoke first. Klobuchar listened.',
      'Then more.',
    ]),
  );
  it('skips a person of the other gender', () => {
    expect(pronounToAntecedent(ctx, 'he', 2, 0)?.core).toMatch(/Ebrard/);
    expect(pronounToAntecedent(ctx, 'she', 2, 0)?.core).toMatch(/Klobuchar/);
  });
  it('a role held by one person resolves to them; an unknown one to nobody', () => {
    expect(roleReference(ctx, 'senator', 2, 0)?.core).toBe('Amy Klobuchar');
    expect(roleReference(ctx, 'agency', 2, 0)).toBeNull();
  });
  it('gender from first-name lists', () => {
    expect(firstNameGender('Amy')).toBe('f');
    expect(firstNameGender('Marcelo')).toBe('m');
    expect(firstNameGender('Zzyzx')).toBeUndefined();
  });
});

describe('names', () => {
  it('takes role and name apart, and drops the sentence’s full stop', () => {
    expect(parseName('Homeland Security Secretary Kristi Noem')).toMatchObject({
      core: 'Kristi Noem',
      role: 'Homeland Security Secretary',
    });
    expect(parseName('ICE Director Todd Lyons')).toMatchObject({ core: 'Todd Lyons', role: 'ICE Director' });
    expect(parseName('FBI Director Kash Patel.')).toMatchObject({
      core: 'Kash Patel',
      surface: 'FBI Director Kash Patel',
    });
    expect(parseName('Treasury Department')).toMatchObject({ core: 'Treasury Department', org: true });
  });
});
