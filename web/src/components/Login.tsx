import { useState } from 'react';

/** Log in by pasting a token issued by the service. */
export function Login({ onLogin, error }: { onLogin: (token: string) => void; error: string | null }) {
  const [value, setValue] = useState('');
  return (
    <div className="login">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const t = value.trim();
          if (t) onLogin(t);
        }}
      >
        <h1>Operations console</h1>
        <label htmlFor="token">Access token</label>
        <input id="token" name="token" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} placeholder="paste the token issued to you" />
        <button type="submit">Log in</button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <p className="hint">The token is kept for this tab only and sent to the service as a Bearer header.</p>
      </form>
    </div>
  );
}
