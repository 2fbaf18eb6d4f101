import { useEffect, useState } from 'react';
import { ApiError, getJson, session, type Me, type Plan, type PlanSummary } from './api';
import { Login } from './components/Login';
import { OperationsView } from './components/OperationsView';
import { PublicView } from './components/PublicView';

/** The console: log in with a token, pick a plan, then the view the token's role may see. */
export function App() {
  const [token, setToken] = useState<string | null>(session.get());
  const [me, setMe] = useState<Me | null>(null);
  const [plans, setPlans] = useState<PlanSummary[] | null>(null);
  const [planId, setPlanId] = useState<string | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);

  const logout = (reason: string | null = null) => {
    session.clear();
    setToken(null);
    setMe(null);
    setPlans(null);
    setPlanId(null);
    setPlan(null);
    setError(reason);
  };

  useEffect(() => {
    if (!token) return;
    const ac = new AbortController();
    (async () => {
      try {
        const who = await getJson<Me>('api/me', token, ac.signal);
        setMe(who);
        const list = await getJson<PlanSummary[]>('api/plans', token, ac.signal);
        setPlans(list);
        setPlanId((current) => current ?? list[0]?.id ?? null);
      } catch (e) {
        if (ac.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) logout('The token was refused (unknown, malformed or expired).');
        else setError(String(e instanceof Error ? e.message : e));
      }
    })();
    return () => ac.abort();
  }, [token]);

  useEffect(() => {
    if (!token || !planId) return;
    const ac = new AbortController();
    setPlan(null);
    getJson<Plan>(`api/plans/${encodeURIComponent(planId)}`, token, ac.signal)
      .then(setPlan)
      .catch((e) => {
        if (!ac.signal.aborted) setError(String(e instanceof Error ? e.message : e));
      });
    return () => ac.abort();
  }, [token, planId]);

  if (!token) {
    return (
      <Login
        error={error}
        onLogin={(t) => {
          session.set(t);
          setError(null);
          setToken(t);
        }}
      />
    );
  }

  return (
    <div className="console">
      <header className="topbar">
        <h1>{plan?.title ?? 'Operations console'}</h1>
        {plans && plans.length > 1 && (
          <label className="plan-picker">
            Plan{' '}
            <select value={planId ?? ''} onChange={(e) => setPlanId(e.target.value)}>
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="who" data-testid="who">
          {me ? `${me.name} · ${me.role}` : '…'}
        </span>
        <button type="button" onClick={() => logout()}>
          Log out
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {plans && plans.length === 0 && <p className="empty">No plan is stored yet.</p>}
      {me && plan && token && planId && (me.role === 'public' || plan.view === 'public' ? (
        <PublicView plan={plan} />
      ) : (
        <OperationsView key={planId} plan={plan} planId={planId} token={token} onUnauthorized={() => logout('The token is no longer accepted.')} />
      ))}
    </div>
  );
}
