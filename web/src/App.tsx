import { useEffect, useState } from 'react';
import { ApiError, getJson, session, type Me, type Plan, type PlanSummary } from './api';
import { Login } from './components/Login';
import { OperationsView } from './components/OperationsView';
import { PublicView } from './components/PublicView';

/** When a plan last changed: its latest position report, else its creation. */
const activity = (p: PlanSummary) => Math.max(Date.parse(p.createdAt) || 0, Date.parse(p.lastReportAt ?? '') || 0);

/**
 * The plan the page opens: the newest live one, the plan whose trains reported last, or else the one stored last (a
 * restarted demo stores its plan anew, docs/api.md). The public's list carries no report times: the newest plan.
 */
export function newestLive(plans: PlanSummary[]): PlanSummary | undefined {
  return [...plans].sort((a, b) => activity(b) - activity(a) || b.id.localeCompare(a.id))[0];
}

/** The picker lists the plans newest first. */
const pickerOrder = (plans: PlanSummary[]) => [...plans].sort((a, b) => activity(b) - activity(a) || b.id.localeCompare(a.id));

/** A plan's name in the picker: its title, "(demo)" for the demo's, and "#2", "#3" where titles repeat (oldest first). */
function pickerLabel(p: PlanSummary, plans: PlanSummary[]): string {
  const same = plans.filter((q) => q.title === p.title).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));
  const n = same.length > 1 ? ` #${same.indexOf(p) + 1}` : '';
  return `${p.title}${n}${p.demo ? ' (demo)' : ''}`;
}

/** The console: log in with a token, pick a plan, then the view the token's role may see. */
export function App() {
  const [token, setToken] = useState<string | null>(session.get());
  const [me, setMe] = useState<Me | null>(null);
  const [plans, setPlans] = useState<PlanSummary[] | null>(null);
  const [planId, setPlanId] = useState<string | null>(null);
  // The plan loaded, with the id it was loaded for: shown only while that id is the one picked. (Held apart, the page
  // rendered the previous plan under the newly picked id until the new one arrived: one render with the old plan's
  // trains and the new plan's reports and links.)
  const [loaded, setLoaded] = useState<{ id: string; plan: Plan } | null>(null);
  const plan = loaded && loaded.id === planId ? loaded.plan : null;
  const [error, setError] = useState<string | null>(null);

  const logout = (reason: string | null = null) => {
    session.clear();
    setToken(null);
    setMe(null);
    setPlans(null);
    setPlanId(null);
    setLoaded(null);
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
        setPlanId((current) => current ?? newestLive(list)?.id ?? null);
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
    getJson<Plan>(`api/plans/${encodeURIComponent(planId)}`, token, ac.signal)
      .then((p) => setLoaded({ id: planId, plan: p }))
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
              {pickerOrder(plans).map((p) => (
                <option key={p.id} value={p.id}>
                  {pickerLabel(p, plans)}
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
