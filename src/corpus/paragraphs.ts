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
  const header: string[] = [];
  // Title, byline and dateline lines never end the way a sentence does; the first block that
  // does is the first paragraph a reader counts.
  while (blocks.length > 1 && isHeaderLine(blocks[0])) header.push(blocks.shift()!);
  return { header, paragraphs: blocks };
}

function isHeaderLine(block: string): boolean {
  if (/[.?!:;"”’)\]…]$/u.test(block)) return false;
  return block.split(/\s+/).length <= 25;
}
