// The welcome page's entry: styles, then mount (everything else lives in src/ui/welcome).
import '@/src/ui/theme.css';
import '@/src/ui/welcome/welcome.css';
import { mountWelcome } from '@/src/ui/welcome/main';

mountWelcome(document.getElementById('app')!);
