/**
 * A small, strict RFC 4180 reader, to read back the CSV the Sites export writes: quoted fields
 * may hold commas, doubled quotes and line ends; every row, the last too, ends in CRLF; a bare
 * CR or LF outside quotes is field text.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (quoted || field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF after its last row');
  return rows;
}
