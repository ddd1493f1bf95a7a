import { render } from 'preact';
import { App } from './App';
// The styles come with the script rather than as a <link>: one request fewer before the popup's
// first render (issue 6), and nothing is shown before the script runs anyway.
import styles from '../../components/styles.css?inline';
import { uiLanguage } from '../../utils/platform/i18n';

const style = document.createElement('style');
style.textContent = styles;
document.head.append(style);
document.documentElement.lang = uiLanguage();
render(<App />, document.getElementById('app')!);
