import '@/src/ui/theme.css';
import { mountOptions } from '@/src/ui/options/main';

mountOptions(document.getElementById('app')!);
