import { useEffect } from 'react';
import { hasBridge } from './api/client';
import { AppShell } from './components/Layout/AppShell';
import { QuickOpen } from './components/Navigate/QuickOpen';
import { useAppStore } from './store';
import { connectEvents } from './store/events';
import { keepReviewChoices } from './store/restore-slice';

export function App() {
  useEffect(() => {
    if (!hasBridge()) return;
    const disconnect = connectEvents(useAppStore.getState);
    const stopKeeping = keepReviewChoices(useAppStore);
    const state = useAppStore.getState();
    // After the subscription: the snapshot comes as an event, after everything emitted before it.
    void state.requestRestore();
    void state.loadInfo();
    void state.loadSettings();
    void state.loadRecent();
    void state.loadSessions();
    void state.loadLibrary();
    // The Server entry, and with it the top bar's model when a server is connected.
    void state.loadServer();
    return () => {
      stopKeeping();
      disconnect();
    };
  }, []);
  if (!hasBridge()) {
    return (
      <main className="fatal" role="alert">
        <h1>local-coder</h1>
        <p>This window is not connected to the app (no window.api). Start it through local-coder.</p>
      </main>
    );
  }
  return (
    <>
      <AppShell />
      <QuickOpen />
    </>
  );
}
