import type { Random } from './random.ts'

// The word lists and sentence grammar of TPC-H §4.2.2.10, from which dbgen builds its comment text pool.
const nouns = 'foxes ideas theodolites pinto beans instructions dependencies excuses platelets asymptotes courts dolphins multipliers sauternes warthogs frets dinos attainments somas Tiresias\' patterns forges braids hockey players frays warhorses dugouts notornis epitaphs pearls tithes waters orbits gifts sheaves depths sentiments decoys realms pains grouches escapades packages requests accounts deposits'.split(' ')
const verbs = 'sleep wake are cajole haggle nag use boost affix detect integrate maintain nod was lose sublate solve thrash promise engage hinder print x-ray breach eat grow impress mold poach serve run dazzle snooze doze unwind kindle play hang believe doubt'.split(' ')
const adjectives = 'furious sly careful blithe quick fluffy slow quiet ruthless thin close dogged daring brave stealthy permanent enticing idle busy regular final ironic even bold silent pending special express unusual'.split(' ')
const adverbs = 'sometimes always never furiously slyly carefully blithely quickly fluffily slowly quietly ruthlessly thinly closely doggedly daringly bravely stealthily permanently enticingly idly busily regularly finally ironically evenly boldly silently'.split(' ')
const prepositions = 'about above according to across after against along alongside of among around at atop before behind beneath beside besides between beyond by despite during except for from in place of inside instead of into near of on outside over past since through throughout to toward under until up upon without with within'.split(' ')
const auxiliaries = 'do may might shall will would can could should ought to must will have to shall have to could have to should have to must have to need to try to'.split(' ')
const terminators = ['.', '.', '.', '.', ';', ':', '?', '!', '--']

function nounPhrase(r: Random): string {
  switch (r.int(0, 3)) {
    case 0: return r.pick(nouns)
    case 1: return `${r.pick(adjectives)} ${r.pick(nouns)}`
    case 2: return `${r.pick(adjectives)}, ${r.pick(adjectives)} ${r.pick(nouns)}`
    default: return `${r.pick(adverbs)} ${r.pick(adjectives)} ${r.pick(nouns)}`
  }
}

function verbPhrase(r: Random): string {
  switch (r.int(0, 3)) {
    case 0: return r.pick(verbs)
    case 1: return `${r.pick(auxiliaries)} ${r.pick(verbs)}`
    case 2: return `${r.pick(verbs)} ${r.pick(adverbs)}`
    default: return `${r.pick(auxiliaries)} ${r.pick(verbs)} ${r.pick(adverbs)}`
  }
}

function sentence(r: Random): string {
  const t = r.pick(terminators)
  switch (r.int(0, 4)) {
    case 0: return `${nounPhrase(r)} ${verbPhrase(r)}${t}`
    case 1: return `${nounPhrase(r)} ${verbPhrase(r)} ${r.pick(prepositions)} the ${nounPhrase(r)}${t}`
    case 2: return `${nounPhrase(r)} ${verbPhrase(r)} ${nounPhrase(r)}${t}`
    case 3: return `${nounPhrase(r)} ${r.pick(prepositions)} the ${nounPhrase(r)} ${verbPhrase(r)} ${nounPhrase(r)}${t}`
    default: return `${nounPhrase(r)} ${r.pick(prepositions)} the ${nounPhrase(r)} ${verbPhrase(r)} ${r.pick(prepositions)} the ${nounPhrase(r)}${t}`
  }
}

/** A pool of grammar text; comments are random slices of it, as dbgen takes them from its text pool. */
export function textPool(r: Random, size: number): string {
  const parts: string[] = []
  let length = 0
  while (length < size) {
    const s = sentence(r).toLowerCase().replace(/tiresias'/, 'Tiresias\'')
    parts.push(s)
    length += s.length + 1
  }
  return parts.join(' ').slice(0, size)
}
