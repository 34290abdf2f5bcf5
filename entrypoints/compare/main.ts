// The comparison page's entry (compare.html?tab=<id>, opened from the popup): styles, then mount.
import '@/src/ui/theme.css';
import '@/src/ui/compare/compare.css';
import { mountCompare } from '@/src/ui/compare/main';

mountCompare(document.getElementById('app')!);
