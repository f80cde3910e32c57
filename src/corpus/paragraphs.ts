/**
 * Splits a document body into the lines before the article proper (a repeated title, a byline,
 * a dateline) and its paragraphs. Paragraphs are separated by blank lines; line breaks inside a
 * paragraph are kept as they are so every paragraph stays a verbatim slice of the file.
 */
export function splitBody(body: string): { header: string[]; paragraphs: string[] } {
  const blocks = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
  // Title, byline and dateline lines never end the way a sentence does; the first block that
  // does is the first paragraph a reader counts (and the last block always is one).
  const first = blocks.findIndex((block, i) => i === blocks.length - 1 || !isHeaderLine(block));
  return { header: blocks.slice(0, Math.max(first, 0)), paragraphs: blocks.slice(Math.max(first, 0)) };
}

function isHeaderLine(block: string): boolean {
  if (/[.?!:;"”’)\]…]$/u.test(block)) return false;
  return block.split(/\s+/).length <= 25;
}
