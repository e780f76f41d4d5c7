import { useEffect } from 'react';
import { Placeholder } from './components/Placeholder/Placeholder';
import { useAppStore } from './store';

export function App() {
  const loadInfo = useAppStore((s) => s.loadInfo);
  useEffect(() => {
    void loadInfo();
  }, [loadInfo]);
  return <Placeholder />;
}
