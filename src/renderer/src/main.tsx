import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/base.css';
import './styles/layout.css';
import './styles/tree.css';
import './styles/chat.css';
import './styles/review.css';
import './styles/panels.css';
import './styles/mcp.css';
import './styles/run.css';
import './styles/welcome.css';
import './styles/navigate.css';
import './styles/toasts.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
