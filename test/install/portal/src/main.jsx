// Any React portal: the whole integration is these lines. The portal's server (here Vite's dev server, see
// vite.config.js) forwards /rollscope to the standalone backend and adds who the user is and which application
// the page shows, as Argo CD's proxy extension does.
import { createRoot } from 'react-dom/client';
import { DeliveriesConsole, RolloutsClient } from '@rollscope/rollouts-react';

const api = new RolloutsClient({ baseUrl: '/rollscope' });
createRoot(document.getElementById('root')).render(<DeliveriesConsole api={api} entityRef="argocd" />);
