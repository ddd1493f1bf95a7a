import { render } from 'preact';
import { App } from './App';
import '../../components/styles.css';
import { uiLanguage } from '../../utils/platform/i18n';

document.documentElement.lang = uiLanguage();
render(<App />, document.getElementById('app')!);
