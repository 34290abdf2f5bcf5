import '@/src/ui/theme.css';
import { mountPopup } from '@/src/ui/popup/main';

void mountPopup(document.getElementById('app')!);
