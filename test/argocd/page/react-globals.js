// React 19 on window, as argocd-server's UI exposes it to extensions (React ships no UMD build any more).
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as ReactJSXRuntime from 'react/jsx-runtime';
import Moment from 'moment';

window.React = React;
window.ReactDOM = Object.assign({}, ReactDOM, ReactDOMClient);
window.ReactJSXRuntime = ReactJSXRuntime;
window.Moment = Moment;
