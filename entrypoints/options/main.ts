// The options page entry: styles, then mount (everything else lives in src/ui/options).
import '@/src/ui/theme.css';
import '@/src/ui/options/options.css';
import '@/src/ui/options/sites/sites.css';
import { mountOptions } from '@/src/ui/options/main';

mountOptions(document.getElementById('app')!);
