// React 16 on window, as Argo CD 2.x pages have it: no react/jsx-runtime global, no createRoot.
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import Moment from 'moment';

window.React = React;
window.ReactDOM = ReactDOM;
window.Moment = Moment;
