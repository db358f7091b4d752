import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectBridge } from './bridge/connectBridge';
import { setDesk } from './state/desk';
import { trackWaiting } from './state/waitingStore';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const bridge = connectBridge();
if ('error' in bridge) {
  root.render(
    <main className="welcome panel" data-state="no-bridge">
      <h1>Blocklist Desk</h1>
      <p>{bridge.error}</p>
    </main>,
  );
} else {
  setDesk(trackWaiting(bridge));
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
