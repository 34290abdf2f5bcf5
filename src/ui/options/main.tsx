import { render } from 'preact';
import sampleCorpusUrl from '../../../assets/sample-corpus.jsonl?url';
import { CorpusStore } from '../../storage';
import { runtimeApi } from '../api';
import { storeCorpusApi } from './corpus-api';
import { Options } from './Options';

export function mountOptions(root: HTMLElement): void {
  let store: Promise<CorpusStore> | undefined;
  const open = () => (store ??= CorpusStore.open());
  const sampleCorpus = async () => {
    const response = await fetch(sampleCorpusUrl);
    return { name: 'sample-corpus.jsonl', arrayBuffer: () => response.arrayBuffer() };
  };
  render(<Options corpus={storeCorpusApi(open, runtimeApi)} sampleCorpus={sampleCorpus} />, root);
}
