import { render } from 'preact';
import { Options } from './Options';
import '../../components/styles.css';
import { uiLanguage } from '../../utils/platform/i18n';

document.documentElement.lang = uiLanguage();
render(<Options />, document.getElementById('app')!);
