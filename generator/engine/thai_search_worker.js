/* reportsite: Thai words in a search query match whole words of the index (generator/engine/thai_search.py).
 *
 * The build appends this file to Material's search worker on Thai builds, after replacing EQUIVALENTS with the
 * groups of site.yaml's `search_equivalents`. It changes one function of lunr.js 2.3 (which the worker exposes
 * as `self.lunr`): `lunr.Index.prototype.search`, which Material calls with the query after its own parsing.
 *
 * Material gives every term a trailing wildcard, so that a Thai word matched any word of the index it starts
 * like (โควิด the โค of โคโรนา), and the cutting of a query into words of the index that Material does for
 * Chinese (which the build once extended to Thai) matched pages that held each piece anywhere. Here, each term that holds Thai (or is one of the
 * equivalents) matches only where the page holds the term as a run of whole words side by side, whatever
 * spaces or punctuation stand between them: the index was cut into words at build time, and a run of them is
 * found by the positions lunr keeps for each word (`holds` says which runs count). A page must hold every
 * such term of the query; where a term is one of a group of equivalents, a page may hold any of the group.
 * Terms with no Thai keep Material's behaviour, wildcard included.
 */
;(function (lunr, EQUIVALENTS) {
  "use strict"

  const THAI = /\p{sc=Thai}/u
  // A token of the index is a word, or words joined by punctuation ("ใบอนุญาต/เอกสาร", "(COVID"): its parts
  // are what a reader types. A term is read the same way, without its punctuation.
  const PUNCTUATION = /[^\p{L}\p{M}\p{N}]+/u
  const parts = token => token.split(PUNCTUATION).filter(Boolean)

  const equivalents = new Map()
  for (const group of EQUIVALENTS)
    for (const spelling of group)
      equivalents.set(spelling.toLowerCase(), group.filter(other => other !== spelling))

  // The parts of the index's tokens, each with the tokens that hold it.
  const vocabularies = new WeakMap()
  function vocabulary(index) {
    let words = vocabularies.get(index)
    if (words === undefined) {
      words = new Map()
      for (const token of Object.keys(index.invertedIndex))
        for (const part of new Set(parts(token)))
          words.set(part, [...words.get(part) || [], token])
      vocabularies.set(index, words)
    }
    return words
  }

  /* What a term must match, or undefined to leave it to lunr: `spellings`, the term and its equivalents
   * without punctuation, and `tokens`, the index's tokens that may hold a piece of one of them (`holds`
   * decides), `words` the parts of the index's tokens. */
  function plan(term, index) {
    const others = equivalents.get(term) || []
    if (!THAI.test(term) && !others.length)
      return undefined
    const words = vocabulary(index)
    const spellings = [term, ...others].map(spelling => parts(spelling.toLowerCase()).join("")).filter(Boolean)
    const tokens = new Set()
    for (const [part, holders] of words)
      if (spellings.some(spelling => overlaps(part, spelling, words)))
        for (const token of holders)
          tokens.add(token)
    return { term, spellings, tokens, words }
  }

  // Whether a part of the index may hold a piece of `spelling`: all of it inside the spelling, or the spelling's
  // start at its end, or its end at its start, or all the spelling inside it, with words of the index beside.
  function overlaps(part, spelling, words) {
    if (spelling.includes(part))
      return true
    for (let k = 1; k < part.length; k++)
      if (words.has(part.slice(0, k)) && spelling.startsWith(part.slice(k))
          || words.has(part.slice(k)) && spelling.endsWith(part.slice(0, k)))
        return true
    for (let k = part.indexOf(spelling); k > 0; k = part.indexOf(spelling, k + 1))
      if (words.has(part.slice(0, k)) && words.has(part.slice(k + spelling.length)))
        return true
    return false
  }

  /* Whether a page's match holds the planned term; if so, mark the positions of the tokens that make it up
   * in `found` (token → field → positions). Positions are Material's: consecutive for consecutive words.
   *
   * A spelling is held where it reads as whole words side by side: whole parts of the index's tokens, except
   * that it may start or end inside a part where the rest of the part is a word of the index too (บริหาร in
   * การบริหาร, for การ is a word of the index), so that a word the segmenter kept inside a longer one is
   * found, while โค, which is no word beside the rest of โครงการ, does not find it. */
  function holds(word, metadata, found) {
    const fields = new Set()
    for (const token of word.tokens)
      for (const field of Object.keys(metadata[token] || {}))
        fields.add(field)
    const rest = piece => piece === "" || word.words.has(piece)
    let held = false
    for (const field of fields) {
      const at = new Map()
      for (const token of word.tokens)
        for (const position of metadata[token]?.[field]?.position || [])
          at.set(position, token)
      // The parts of the tokens found in this field, in the order of the text.
      const stream = []
      for (const position of [...at.keys()].sort((a, b) => a - b))
        for (const part of parts(at.get(position)))
          stream.push({ position, part })
      const mark = (start, end) => {
        for (let i = start; i <= end; i++) {
          const token = at.get(stream[i].position)
          const fields = found.get(token) || found.set(token, new Map()).get(token)
          const positions = fields.get(field) || fields.set(field, new Set()).get(field)
          positions.add(stream[i].position)
        }
        held = true
      }
      for (let start = 0; start < stream.length; start++)
        for (const spelling of word.spellings)
          for (let cut = 0; cut < stream[start].part.length; cut++) {
            if (!rest(stream[start].part.slice(0, cut)))
              continue
            let offset = 0
            for (let end = start; end < stream.length; end++) {
              if (end > start && stream[end].position > stream[end - 1].position + 1)
                break
              const piece = stream[end].part.slice(end === start ? cut : 0)
              const left = spelling.length - offset
              if (piece.length >= left) {
                if (piece.startsWith(spelling.slice(offset)) && rest(piece.slice(left)))
                  mark(start, end)
                break
              }
              if (!spelling.startsWith(piece, offset))
                break
              offset += piece.length
            }
          }
    }
    return held
  }

  lunr.Index.prototype.search = function (queryString) {
    const planned = []
    const results = this.query(query => {
      new lunr.QueryParser(queryString, query).parse()
      const clauses = query.clauses
      query.clauses = []
      for (const clause of clauses) {
        // Material's wildcards are left out; a reader's own "-" (leave out pages with the term) stays lunr's.
        const word = clause.presence === lunr.Query.presence.PROHIBITED
          ? undefined
          : plan(clause.term.replace(/^\*+|\*+$/g, ""), this)
        if (word === undefined) {
          query.clauses.push(clause)
          continue
        }
        planned.push(word)
        for (const term of word.tokens)
          query.clause({
            term, fields: clause.fields, boost: clause.boost, usePipeline: false,
            wildcard: lunr.Query.wildcard.NONE, presence: lunr.Query.presence.OPTIONAL
          })
      }
    })
    if (!planned.length)
      return results
    const kept = []
    for (const result of results) {
      const metadata = result.matchData.metadata
      const found = new Map()
      if (!planned.map(word => holds(word, metadata, found)).every(Boolean))
        continue
      // Only the words that make up the terms stay marked for Material to highlight.
      for (const word of planned)
        for (const token of word.tokens) {
          if (!(token in metadata))
            continue
          for (const field of Object.keys(metadata[token])) {
            const positions = found.get(token)?.get(field)
            if (positions)
              metadata[token][field] = {
                ...metadata[token][field],
                position: metadata[token][field].position.filter(position => positions.has(position))
              }
            else
              delete metadata[token][field]
          }
          if (!Object.keys(metadata[token]).length)
            delete metadata[token]
        }
      // Material shows a query's term as missing from a page unless a word of the page starts with it.
      for (const word of planned)
        if (!(word.term in metadata))
          metadata[word.term] = {}
      kept.push(result)
    }
    return kept
  }
})(self.lunr, EQUIVALENTS)
