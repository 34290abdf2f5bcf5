// Loaders for the public paraphrase corpora kept outside the repository (bench/eval/public):
// they parse the distributed formats, return null when the files are absent and name the file
// and line of a malformed entry. All samples below are made up for the test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadMsrp,
  loadP4p,
  loadPanSentences,
  loadPanSimulated,
  loadSts,
  passageSplit,
} from '../../bench/eval/public/load';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wirecheck-public-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function put(rel: string, text: string): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, 'utf8');
  return path;
}

describe('loaders with no data', () => {
  it('return null when the data folder or its files are absent', () => {
    expect(loadMsrp(root)).toBeNull();
    expect(loadSts(root)).toBeNull();
    expect(loadPanSentences(root)).toBeNull();
    expect(loadPanSimulated(root)).toBeNull();
    expect(loadP4p(root)).toBeNull();
    expect(loadMsrp(join(root, 'does-not-exist'))).toBeNull();
    mkdirSync(join(root, 'msrp'));
    mkdirSync(join(root, 'pan'));
    mkdirSync(join(root, 'p4p'));
    put('sts/readme.txt', 'no data here\n');
    expect(loadMsrp(root)).toBeNull();
    expect(loadSts(root)).toBeNull();
    expect(loadPanSimulated(root)).toBeNull();
    expect(loadP4p(root)).toBeNull();
  });
});

describe('loadMsrp', () => {
  const header = 'Quality\t#1 ID\t#2 ID\t#1 String\t#2 String';

  it('reads both splits, with or without BOM, header and CRLF', () => {
    put(
      'msrp/msr_paraphrase_train.txt',
      `\uFEFF${header}\r\n` +
        '1\t101\t102\tThe council approved the budget on Monday.\tOn Monday the council passed the budget.\r\n' +
        '0\t103\t104\tShares fell 3 percent in early trading.\tThe company said profits rose "sharply" last year.\r\n',
    );
    put('msrp/msr_paraphrase_test.txt', '1\t201\t202\tRain is expected by Friday.\tForecasters expect rain by Friday.\n');
    expect(loadMsrp(root)).toEqual([
      { a: 'The council approved the budget on Monday.', b: 'On Monday the council passed the budget.', label: 1, split: 'train' },
      { a: 'Shares fell 3 percent in early trading.', b: 'The company said profits rose "sharply" last year.', label: 0, split: 'train' },
      { a: 'Rain is expected by Friday.', b: 'Forecasters expect rain by Friday.', label: 1, split: 'test' },
    ]);
  });

  it('reads one split when only one file is there', () => {
    put('msrp/msr_paraphrase_test.txt', `${header}\n0\t1\t2\tA cat sat.\tA dog ran.\n`);
    expect(loadMsrp(root)).toEqual([{ a: 'A cat sat.', b: 'A dog ran.', label: 0, split: 'test' }]);
  });

  it('throws naming the file and line of a malformed line', () => {
    const file = put('msrp/msr_paraphrase_train.txt', `${header}\n1\t1\t2\tOne.\tTwo.\n1\t3\t4\tonly four fields\n`);
    expect(() => loadMsrp(root)).toThrow(`${file}:3: expected 5 tab-separated fields, found 4`);
    put('msrp/msr_paraphrase_train.txt', `${header}\nyes\t1\t2\tOne.\tTwo.\n`);
    expect(() => loadMsrp(root)).toThrow(/msr_paraphrase_train\.txt:2: Quality must be 0 or 1/);
    put('msrp/msr_paraphrase_train.txt', `${header}\n1\tx1\t2\tOne.\tTwo.\n`);
    expect(() => loadMsrp(root)).toThrow(/msr_paraphrase_train\.txt:2: sentence ids must be numbers/);
  });
});

describe('loadSts', () => {
  beforeEach(() => {
    put(
      'sts/sts-train.csv',
      'main-news\tMSRpar\t2012train\t0001\t4.200\tThe mayor opened the bridge.\tThe bridge was opened by the mayor.\n' +
        'main-captions\tMSRvid\t2012train\t0002\t0.500\tA man plays a guitar.\tA woman slices an onion.\n',
    );
    put(
      'sts/sts-dev.csv',
      'main-news\theadlines\t2016\t0003\t5\tFloods hit the north\tNorth hit by floods\tNews Monitor (http://example.org)\tNews Monitor (http://example.org)\n',
    );
    put('sts/sts-test.csv', 'main-forums\tanswer-answer\t2016\t0004\t2.25\tIt depends on the oven.\tOvens vary a lot.\n');
  });

  it('reads every split with score and genre, ignoring licence fields after sentence2', () => {
    expect(loadSts(root)).toEqual([
      { a: 'The mayor opened the bridge.', b: 'The bridge was opened by the mayor.', label: 4.2, genre: 'main-news', split: 'train' },
      { a: 'A man plays a guitar.', b: 'A woman slices an onion.', label: 0.5, genre: 'main-captions', split: 'train' },
      { a: 'Floods hit the north', b: 'North hit by floods', label: 5, genre: 'main-news', split: 'dev' },
      { a: 'It depends on the oven.', b: 'Ovens vary a lot.', label: 2.25, genre: 'main-forums', split: 'test' },
    ]);
  });

  it('keeps only the news genre with newsOnly', () => {
    const news = loadSts(root, { newsOnly: true });
    expect(news?.map((p) => [p.split, p.genre, p.label])).toEqual([
      ['train', 'main-news', 4.2],
      ['dev', 'main-news', 5],
    ]);
  });

  it('throws naming the file and line of a malformed line', () => {
    const file = put('sts/sts-dev.csv', 'main-news\theadlines\t2016\t0003\t5\tA.\tB.\nmain-news\theadlines\t2016\t0004\thigh\tC.\tD.\n');
    expect(() => loadSts(root)).toThrow(`${file}:2: score must be a number, found "high"`);
    put('sts/sts-dev.csv', 'main-news\theadlines\t2016\t0003\t7.5\tA.\tB.\n');
    expect(() => loadSts(root)).toThrow(/sts-dev\.csv:1: score must be within 0–5/);
    put('sts/sts-dev.csv', 'main-news\theadlines\t2016\t0003\t3.0\tA.\n');
    expect(() => loadSts(root)).toThrow(/sts-dev\.csv:1: expected at least 7 tab-separated fields, found 6/);
  });
});

describe('loadPanSentences', () => {
  it('pairs the two sentence files with the labels, per split', () => {
    put('pan-sentences/pan-train_s1.txt', 'The ship left the harbour at dawn.\nHe kept the letter for years.\n');
    put('pan-sentences/pan-train_s2.txt', 'At dawn the ship sailed out of the harbour.\nShe never answered.\n');
    put('pan-sentences/pan-train.labels', '1\n0\n');
    put('pan-sentences/pan-test_s1.txt', 'The road was closed.\n');
    put('pan-sentences/pan-test_s2.txt', 'They closed the road.\n');
    put('pan-sentences/pan-test.labels', '1\n');
    expect(loadPanSentences(root)).toEqual([
      { a: 'The ship left the harbour at dawn.', b: 'At dawn the ship sailed out of the harbour.', label: 1, split: 'train' },
      { a: 'He kept the letter for years.', b: 'She never answered.', label: 0, split: 'train' },
      { a: 'The road was closed.', b: 'They closed the road.', label: 1, split: 'test' },
    ]);
  });

  it('throws on a bad label, files of different lengths, or a missing companion file', () => {
    put('pan-sentences/pan-train_s1.txt', 'One.\nTwo.\n');
    put('pan-sentences/pan-train_s2.txt', 'Uno.\nDos.\n');
    const labels = put('pan-sentences/pan-train.labels', '1\nmaybe\n');
    expect(() => loadPanSentences(root)).toThrow(`${labels}:2: label must be 0 or 1, found "maybe"`);
    put('pan-sentences/pan-train.labels', '1\n');
    expect(() => loadPanSentences(root)).toThrow(`${labels}:2: file ends before line 2`);
    put('pan-sentences/pan-train.labels', '1\n0\n');
    put('pan-sentences/pan-test_s1.txt', 'Alone.\n');
    expect(() => loadPanSentences(root)).toThrow(/pan-test_s2\.txt: missing/);
  });
});

describe('loadPanSimulated', () => {
  const susp = 'Opening words. The old mill stood by the river for a century. Closing words.';
  const src = 'Preface. For a hundred years the mill stood beside the river. More text follows here.';

  function panFixture(feature: string): string {
    put('pan/suspicious-documents/part1/suspicious-document00007.txt', susp);
    put('pan/source-documents/part3/source-document00042.txt', src);
    return put(
      'pan/suspicious-documents/part1/suspicious-document00007.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<document reference="suspicious-document00007.txt">\n' +
        '<feature name="about" title="A Test" lang="en" />\n' +
        '<feature name="plagiarism" type="artificial" obfuscation="high" this_language="en" this_offset="0" this_length="8" ' +
        'source_reference="source-document00042.txt" source_language="en" source_offset="0" source_length="8" />\n' +
        feature +
        '</document>\n',
    );
  }

  it('extracts the simulated cases from the documents they name, skipping the others', () => {
    const page = 'The old mill stood by the river for a century.';
    const source = 'For a hundred years the mill stood beside the river.';
    panFixture(
      `<feature name="plagiarism" type="simulated" this_language="en" this_offset="${susp.indexOf(page)}" this_length="${page.length}" ` +
        `source_reference="source-document00042.txt" source_language="en" source_offset="${src.indexOf(source)}" source_length="${source.length}" />\n`,
    );
    const id = `suspicious-document00007:${susp.indexOf(page)}+${page.length}`;
    expect(loadPanSimulated(root)).toEqual([{ id, source, page, kind: 'simulated', split: passageSplit(id) }]);
  });

  it('throws naming the XML file and line when a case points past a document or lacks an attribute', () => {
    const xml = panFixture(
      '<feature name="plagiarism" type="simulated" this_offset="10" this_length="5000" ' +
        'source_reference="source-document00042.txt" source_offset="0" source_length="5" />\n',
    );
    expect(() => loadPanSimulated(root)).toThrow(`${xml}:5: this_offset+this_length 10+5000 is past the end of suspicious-document00007.txt`);
    panFixture('<feature name="plagiarism" type="simulated" this_offset="10" this_length="5" source_offset="0" source_length="5" />\n');
    expect(() => loadPanSimulated(root)).toThrow(/suspicious-document00007\.xml:5: <feature> has no source_reference attribute/);
    panFixture(
      '<feature name="plagiarism" type="simulated" this_offset="1" this_length="5" ' +
        'source_reference="source-document99999.txt" source_offset="0" source_length="5" />\n',
    );
    expect(() => loadPanSimulated(root)).toThrow(/:5: source-document99999\.txt not found under/);
  });
});

describe('loadP4p', () => {
  const clic =
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
    '<corpus xmlns="http://clic.ub.edu/mbertran/formats/paraphrase-corpus" name="P4P" version="1.0" lng="en">\n' +
    '  <snippets>\n' +
    '    <snippet id="11" source_description="type:plagiarism;plagiarism_reference:00001;offset:10;length:40;source:P4P;wd_count:8">The lamp was lit &amp; the door was shut.</snippet>\n' +
    '    <snippet id="12" source_description="type:source;source_reference:source-document00002.txt;offset:5;length:40;source:P4P;wd_count:9">They shut the door and lit the lamp.</snippet>\n' +
    '    <snippet id="13" source_description="type:plagiarism;plagiarism_reference:00003;offset:0;length:12;source:P4P;wd_count:2">Hello there.</snippet>\n' +
    '    <snippet id="14" source_description="type:source;source_reference:source-document00004.txt;offset:0;length:12;source:P4P;wd_count:2">Hello there.</snippet>\n' +
    '  </snippets>\n' +
    '  <paraphrase_candidates source_description="id:900">\n' +
    '    <snippet id="11"/>\n' +
    '    <snippet id="12"/>\n' +
    '    <annotation author="1" is_paraphrase="true" source_description="id:1">\n' +
    '      <phenomenon type="syn_diathesis" source_description="id:2">\n' +
    '        <snippet id="11">\n          <scope offset="0" length="16"/>\n        </snippet>\n' +
    '        <snippet id="12">\n          <scope offset="21" length="15"/>\n        </snippet>\n' +
    '      </phenomenon>\n' +
    '      <phenomenon type="order" projection="local" source_description="id:3">\n' +
    '        <snippet id="11">\n          <scope offset="0" length="38"/>\n        </snippet>\n' +
    '      </phenomenon>\n' +
    '      <phenomenon type="syn_diathesis" source_description="id:4">\n' +
    '        <snippet id="12">\n          <scope offset="0" length="18"/>\n        </snippet>\n' +
    '      </phenomenon>\n' +
    '    </annotation>\n' +
    '  </paraphrase_candidates>\n' +
    '  <paraphrase_candidates source_description="id:901">\n' +
    '    <snippet id="14"/>\n' +
    '    <snippet id="13"/>\n' +
    '    <annotation author="1" is_paraphrase="true" source_description="id:5">\n' +
    '      <phenomenon type="identical" source_description="id:6">\n' +
    '        <snippet id="13">\n          <scope offset="0" length="12"/>\n        </snippet>\n' +
    '        <snippet id="14">\n          <scope offset="0" length="12"/>\n        </snippet>\n' +
    '      </phenomenon>\n' +
    '    </annotation>\n' +
    '  </paraphrase_candidates>\n' +
    '</corpus>\n';

  it('reads the CLiC corpus format: source, plagiarism and the annotated paraphrase types', () => {
    put('p4p/P4P.xml', clic);
    expect(loadP4p(root)).toEqual([
      {
        id: '900',
        source: 'They shut the door and lit the lamp.',
        page: 'The lamp was lit & the door was shut.',
        kind: 'order,syn_diathesis',
        split: passageSplit('900'),
      },
      { id: '901', source: 'Hello there.', page: 'Hello there.', kind: 'identical', split: passageSplit('901') },
    ]);
  });

  it('reads the P4P_corpus_v1 (relacio) format', () => {
    put(
      'p4p/P4P_corpus_v1.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<corpus>\n<relacio>\n  <id>77</id>\n' +
        '  <frase fnum="1" type="plagiarism" plagiarism_reference="00010" offset="100" length="30">\n    The rain stopped\n    at noon.\n  </frase>\n' +
        '  <frase fnum="2" type="source" source_reference="source-document00020.txt" offset="200" length="30">\n    At noon the rain ceased.\n  </frase>\n' +
        '  <anotacio es_parafrasi="1" autor="3">\n    <id>5</id>\n' +
        '    <fenomen type="order" scope="local">\n      <wordrange fnum="1" wdranges="0-2"><fragment>The rain stopped</fragment></wordrange>\n    </fenomen>\n' +
        '    <fenomen type="lex_same_polarity" scope="local">\n      <wordrange fnum="1" wdranges="2"><fragment>stopped</fragment></wordrange>\n    </fenomen>\n' +
        '  </anotacio>\n</relacio>\n</corpus>\n',
    );
    expect(loadP4p(root)).toEqual([
      { id: '77', source: 'At noon the rain ceased.', page: 'The rain stopped at noon.', kind: 'lex_same_polarity,order', split: passageSplit('77') },
    ]);
  });

  it('throws naming the file and line of a pair that names an undefined snippet', () => {
    const file = put('p4p/P4P.xml', clic.replace('<snippet id="13"/>', '<snippet id="99"/>'));
    const line = clic.split('\n').findIndex((l) => l.includes('source_description="id:901"')) + 1;
    expect(() => loadP4p(root)).toThrow(`${file}:${line}: <paraphrase_candidates> names snippet "99", which is not defined`);
    put('p4p/P4P.xml', '<corpus><nothing/></corpus>\n');
    expect(() => loadP4p(root)).toThrow(/P4P\.xml:1: neither <paraphrase_candidates> nor <relacio>/);
  });
});

describe('passageSplit', () => {
  it('is deterministic and puts about 60% of ids in dev', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `case-${i}`);
    const dev = ids.filter((id) => passageSplit(id) === 'dev').length;
    expect(dev / ids.length).toBeGreaterThan(0.55);
    expect(dev / ids.length).toBeLessThan(0.65);
    expect(ids.map(passageSplit)).toEqual(ids.map(passageSplit));
    expect(new Set(ids.map(passageSplit))).toEqual(new Set(['dev', 'test']));
  });
});
