'use strict';
// The setup wizard page: renders the wizard steps the server sends, checks through its /api/validate
// (the validation API), shows the plan, saves the parameters and follows an install by server-sent events.
(function () {
  const token = new URLSearchParams(location.search).get('token');
  const api = (path) => path + '?token=' + encodeURIComponent(token);
  const inputs = new Map();
  let steps = [];
  let current = 0;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([k, v]) => {
      if (v === true) node.setAttribute(k, '');
      else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v);
    });
    children.forEach(c => node.append(c));
    return node;
  }

  function slug(name) {
    return name.replace(/[^A-Za-z0-9_-]/g, '-');
  }

  function post(path, body) {
    return fetch(api(path), { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body) }).then(r => r.json());
  }

  function field(v) {
    const id = 'v-' + slug(v.name);
    let input;
    if (v.type === 'CHOICE' && v.choices.length) {
      input = el('select', { id: id, name: v.name });
      v.choices.forEach(c => input.append(el('option', { value: c, selected: c.toLowerCase() === String(v.value).toLowerCase() }, c)));
    } else if (v.type === 'BOOLEAN') {
      input = el('input', { type: 'checkbox', id: id, name: v.name });
      input.checked = /^(true|yes|1)$/i.test(v.value);
    } else {
      const type = v.secret ? 'password' : (v.type === 'NETWORK_PORT' || v.type === 'INTEGER') ? 'number' : 'text';
      input = el('input', { type: type, id: id, name: v.name, value: v.value,
        autocomplete: v.secret ? 'new-password' : 'off' });
      if (v.type === 'NETWORK_PORT') { input.min = 1; input.max = 65535; }
      if (v.secret && v.hasValue) input.placeholder = '(given; leave empty to keep)';
    }
    input.disabled = v.readOnly;
    if (v.required) input.setAttribute('aria-required', 'true');
    input.setAttribute('aria-describedby', 'p-' + slug(v.name));
    inputs.set(v.name, { input: input, decl: v });
    const label = el('label', { for: id }, v.label);
    if (v.required) label.append(el('span', { class: 'required', 'aria-hidden': 'true' }, ' *'));
    return el('div', { class: 'field' }, label, input,
      el('span', { class: 'problem', id: 'p-' + slug(v.name), role: 'alert' }));
  }

  function group(g) {
    const box = el('fieldset', { id: 'g-' + slug(g.id) }, el('legend', {}, g.title));
    g.variables.forEach(v => box.append(field(v)));
    g.groups.forEach(n => box.append(group(n)));
    if (g.requiresValidation) {
      const status = el('span', { role: 'status', id: 't-' + slug(g.id) });
      const button = el('button', { type: 'button', class: 'test', id: 'test-' + slug(g.id) }, 'Test ' + g.title);
      button.addEventListener('click', () => check(g.id, box).then(ok => {
        status.textContent = ok ? ' OK' : '';
        status.className = ok ? 'ok' : '';
      }));
      box.append(el('p', {}, button, status));
    }
    return box;
  }

  function values() {
    const out = {};
    inputs.forEach(({ input, decl }, name) => {
      out[name] = decl.type === 'BOOLEAN' ? String(input.checked) : input.value;
    });
    return out;
  }

  function clearProblems(scope) {
    scope.querySelectorAll('.problem').forEach(p => { p.textContent = ''; });
    scope.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
  }

  function show(problem) {
    const entry = problem.variable && inputs.get(problem.variable);
    const target = entry ? document.getElementById('p-' + slug(problem.variable)) : document.getElementById('error');
    target.textContent = (target.textContent ? target.textContent + ' ' : '') + problem.message;
    if (entry) entry.input.setAttribute('aria-invalid', 'true');
  }

  /** Required values first, on the page; then the server's checks. Resolves to whether all passed. */
  function check(id, scope) {
    clearProblems(scope);
    document.getElementById('error').textContent = '';
    let missing = null;
    scope.querySelectorAll('input, select').forEach(input => {
      const entry = inputs.get(input.name);
      if (!entry || entry.decl.readOnly || !entry.decl.required || entry.decl.type === 'BOOLEAN') return;
      if (input.value === '' && !(entry.decl.secret && entry.decl.hasValue)) {
        show({ variable: input.name, message: entry.decl.label + ' is required.' });
        missing = missing || input;
      }
    });
    if (missing) {
      missing.focus();
      return Promise.resolve(false);
    }
    return post('/api/validate', { id: id, values: values() }).then(answer => {
      if (answer.error) {
        document.getElementById('error').textContent = answer.error;
        return false;
      }
      answer.problems.forEach(show);
      const first = answer.problems.find(p => p.variable && inputs.get(p.variable));
      if (first) inputs.get(first.variable).input.focus();
      return answer.problems.length === 0;
    });
  }

  function go(index) {
    current = index;
    document.querySelectorAll('#pages > section').forEach((s, i) => { s.hidden = i !== index; });
    document.getElementById('review').hidden = index !== steps.length;
    document.querySelectorAll('#breadcrumb li').forEach((li, i) => {
      if (i === index) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
    });
    document.getElementById('back').disabled = index === 0;
    document.getElementById('next').hidden = index === steps.length;
    const page = index === steps.length ? document.getElementById('review')
      : document.querySelectorAll('#pages > section')[index];
    const heading = page.querySelector('h2');
    heading.setAttribute('tabindex', '-1');
    heading.focus();
    if (index === steps.length) review();
  }

  function review() {
    const plan = document.getElementById('plan');
    plan.textContent = 'Planning...';
    post('/api/plan', { values: values() }).then(answer => {
      plan.textContent = answer.error ? answer.error : answer.plan;
    });
  }

  function save() {
    const saved = document.getElementById('saved');
    post('/api/save', { values: values(), saveSecrets: document.getElementById('save-secrets').checked })
      .then(answer => {
        if (answer.error) { saved.textContent = answer.error; return; }
        saved.textContent = 'Wrote ' + answer.written + (answer.secrets ? ' with the secrets.' : ' without the secrets.');
        document.getElementById('install').disabled = false;
      });
  }

  function install() {
    document.getElementById('install').disabled = true;
    const progress = document.getElementById('progress');
    const outcome = document.getElementById('outcome');
    post('/api/install', { values: values() }).then(answer => {
      if (answer.error) { outcome.textContent = answer.error; return; }
      const events = new EventSource(api('/api/events'));
      events.onmessage = (m) => {
        const event = JSON.parse(m.data);
        if (event.type === 'Result') {
          outcome.textContent = (event.succeeded ? 'Installed: ' : 'Failed: ') + event.summary;
          outcome.className = event.succeeded ? 'ok' : '';
          return;
        }
        const what = [event.type, event.packageId, event.stage, event.stepType, event.message]
          .filter(x => x !== undefined && x !== null).join(' ');
        progress.append(el('li', {}, what));
      };
      events.addEventListener('end', () => events.close());
    });
  }

  function render(form) {
    document.getElementById('root').textContent = form.root;
    steps = form.steps;
    const crumbs = document.getElementById('breadcrumb');
    const pages = document.getElementById('pages');
    steps.forEach((s, i) => {
      crumbs.append(el('li', {}, (i + 1) + '. ' + s.title));
      const page = el('section', { class: 'page', id: 's-' + slug(s.id), 'aria-labelledby': 'h-' + slug(s.id) },
        el('h2', { id: 'h-' + slug(s.id) }, s.title));
      s.variables.forEach(v => page.append(field(v)));
      s.groups.forEach(g => page.append(group(g)));
      pages.append(page);
    });
    crumbs.append(el('li', {}, (steps.length + 1) + '. Review'));
    go(0);
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('wizard').addEventListener('submit', (e) => {
      e.preventDefault();
      const step = steps[current];
      const page = document.querySelectorAll('#pages > section')[current];
      check(step.id, page).then(ok => { if (ok) go(current + 1); });
    });
    document.getElementById('back').addEventListener('click', () => go(Math.max(0, current - 1)));
    document.getElementById('save').addEventListener('click', save);
    document.getElementById('install').addEventListener('click', install);
    document.getElementById('close').addEventListener('click', () => post('/api/close', {}).then(() => {
      document.getElementById('closed').textContent = 'The wizard has stopped; you can close this page.';
    }));
    fetch(api('/api/form')).then(r => r.json()).then(render)
      .catch(e => { document.getElementById('error').textContent = 'The wizard could not load: ' + e; });
  });
})();
