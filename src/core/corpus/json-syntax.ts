/**
 * Where and why a text is not JSON, in Wirecheck's own words, for the corpus file reader:
 * "not valid JSON (unexpected 'x' after the end of the JSON value at column 34)".
 *
 * Engines word JSON.parse's errors differently (V8: "Unexpected non-whitespace character after
 * JSON at position 33", sometimes only a snippet of the input; Firefox: "at line 1 column 34
 * of the JSON data"), so none of their wording is passed on. Once JSON.parse has failed, the
 * text is scanned against the JSON grammar for the first place it breaks; the scan is
 * iterative, so deep nesting cannot overflow the stack.
 */

/**
 * Where and why JSON.parse refused `text`: a line, a column and the problem ("unexpected 'x'
 * after the end of the JSON value"). Call it only once JSON.parse has failed. `unit` names
 * what ends early: a line of JSON Lines or a whole file.
 */
export function jsonSyntaxError(text: string, unit: 'line' | 'file' = 'line'): { line: number; column: number; problem: string } | null {
  const found = scanJson(text, unit);
  if (!found) return null;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < found.at && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: found.at - lineStart + 1, problem: found.problem };
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_WORD = /[A-Za-z_$][\w$]*/y;
const JSON_ESCAPE = /^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/;

function scanJson(s: string, unit: 'line' | 'file'): { at: number; problem: string } | null {
  const n = s.length;
  let i = 0;
  const stack: ('{' | '[')[] = [];
  let expect: 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'after-value' = 'value';
  const what = (at: number): string => {
    if (at >= n) return `the end of the ${unit}`;
    const code = s.codePointAt(at)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return `'${String.fromCodePoint(code)}'`;
  };
  const string = (): { at: number; problem: string } | null => {
    const open = i;
    for (let j = i + 1; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === 34) {
        i = j + 1;
        return null;
      }
      if (c < 0x20) return { at: j, problem: `an unescaped control character (${what(j)}) inside a string` };
      if (c === 92) {
        const escape = JSON_ESCAPE.exec(s.slice(j + 1, j + 6));
        if (!escape) return { at: j, problem: `a bad escape (${j + 1 < n ? `\\${s[j + 1]}` : '\\'}) inside a string` };
        j += escape[0].length;
      }
    }
    return { at: open, problem: 'a string that is never closed, starting' };
  };
  for (;;) {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
    const top = stack[stack.length - 1];
    if (expect === 'after-value') {
      if (top === undefined) return i < n ? { at: i, problem: `unexpected ${what(i)} after the end of the JSON value` } : null;
      if (s[i] === ',') {
        i++;
        expect = top === '{' ? 'key' : 'value';
      } else if (s[i] === (top === '{' ? '}' : ']')) {
        i++;
        stack.pop();
      } else {
        return { at: i, problem: `expected ',' or '${top === '{' ? '}' : ']'}' after ${top === '{' ? 'a property value' : 'an array item'}, found ${what(i)}` };
      }
      continue;
    }
    if (expect === 'colon') {
      if (s[i] !== ':') return { at: i, problem: `expected ':' after the property name, found ${what(i)}` };
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'key' || expect === 'first-key') {
      if (expect === 'first-key' && s[i] === '}') {
        i++;
        stack.pop();
        expect = 'after-value';
        continue;
      }
      if (s[i] !== '"') return { at: i, problem: `expected a property name in double quotes, found ${what(i)}` };
      const bad = string();
      if (bad) return bad;
      expect = 'colon';
      continue;
    }
    if (expect === 'first-value' && s[i] === ']') {
      i++;
      stack.pop();
      expect = 'after-value';
      continue;
    }
    const c = s[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      expect = c === '{' ? 'first-key' : 'first-value';
      continue;
    }
    expect = 'after-value';
    if (c === '"') {
      const bad = string();
      if (bad) return bad;
      continue;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      JSON_NUMBER.lastIndex = i;
      const number = JSON_NUMBER.exec(s);
      const next = number ? s[i + number[0].length] : undefined;
      if (!number || (next !== undefined && /[\w.+-]/.test(next))) return { at: i, problem: 'a malformed number' };
      i += number[0].length;
      continue;
    }
    JSON_WORD.lastIndex = i;
    const word = JSON_WORD.exec(s)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      i += word.length;
      continue;
    }
    const found = word ? `'${word.length > 20 ? `${word.slice(0, 17)}...` : word}'` : what(i);
    return { at: i, problem: `expected a value, found ${found}` };
  }
}

/** "not valid JSON (<what> at column N)", and the line it is on within `content`. */
export function jsonProblem(content: string, unit: 'line' | 'file'): { message: string; line?: number } {
  const found = jsonSyntaxError(content, unit);
  if (!found) return { message: 'not valid JSON' };
  return { message: `not valid JSON (${found.problem} at column ${found.column})`, line: found.line };
}
