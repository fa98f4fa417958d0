/*
 * The public's page (一公开): lists the tasks whose draw the public may see through GraphQL GET
 * queries (cacheable), shows each draw and its published results, and verifies a draw in the
 * browser with verify.js. Reads only public data; no asset from outside the application.
 */
(function () {
  'use strict';

  var PAGE_SIZE = 10;
  var params = new URLSearchParams(location.search);
  // Where the public draw data is read for verification: this server, or another path of it
  // (?api=/mirror). Only same-origin paths, so a crafted link cannot point the verifier elsewhere.
  var api = '';
  var apiParam = params.get('api');
  if (apiParam && /^\/(?!\/)[A-Za-z0-9._~\/-]*$/.test(apiParam)) { api = apiParam.replace(/\/+$/, ''); }

  var STATUS = {
    PUBLISHED: '已公示 Published', CLOSED: '已结束 Closed', SUBJECTS_DRAWN: '已抽取 Subjects drawn', GROUPED: '已分组 Grouped',
    INSPECTORS_DRAWN: '已抽取检查人员 Inspectors drawn', IN_PROGRESS: '检查中 In progress', REVIEWING: '审核中 Reviewing'
  };
  var REASON = { STRATUM: '分层抽取 Stratum', JURISDICTION_MINIMUM: '辖区最低数 Jurisdiction minimum' };
  var KIND = { ORGANISATION: '企业 Organisation', NATURAL_PERSON: '自然人 Person', ATTACHED_OBJECT: '附属对象 Object' };

  var TASKS_QUERY = 'query PublicTasks($filter: PublicTaskFilter, $first: Int, $after: String) {' +
    ' publicTasks(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }' +
    ' edges { node { id name leadDepartment departments itemCodes level status startDate endDate createdAt drawId } } } }';
  var DRAW_QUERY = 'query PublicDraw($id: String!) { drawRecord(id: $id) { id algorithm seed publicValue scopeDigest scopeSize' +
    ' scopeFrozenAt commitment { source revealAt committedAt } mode count minPerJurisdiction excludedStatuses targetKinds' +
    ' strata { stratum scopeSize eligible quota ratioPercent } selected { key stratum region kind reason } selectedDigest selectedCount' +
    ' exclusions { code reason } drawnAt } }';
  var RESULTS_QUERY = 'query PublicResults($filter: PublishedResultFilter) { publishedResults(filter: $filter, first: 50) { totalCount' +
    ' edges { node { subjectCode subjectName department itemCodes resultCodes problemFound inspectionDate publishedAt } } } }';

  function gql(query, variables) {
    var url = '/graphql?query=' + encodeURIComponent(query) + '&variables=' + encodeURIComponent(JSON.stringify(variables || {}));
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit' }).then(function (r) {
      return r.json().then(function (body) {
        if (body.errors && body.errors.length) {
          var e = body.errors[0];
          throw new Error((e.extensions && e.extensions.code ? e.extensions.code + ': ' : '') + e.message);
        }
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return body.data;
      });
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else if (k === 'className') { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c != null) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return node;
  }

  function bilingual(zh, en) {
    return [zh + ' ', el('span', { lang: 'en', text: en })];
  }

  function table(caption, headers, rows) {
    var thead = el('thead', {}, [el('tr', {}, headers.map(function (h) { return el('th', { scope: 'col', text: h }); }))]);
    var tbody = el('tbody', {}, rows.map(function (r) {
      return el('tr', {}, r.map(function (c, i) { return el('td', { className: i === 0 && c && /^[0-9A-Za-z]/.test(c) ? 'key' : '', text: c == null ? '' : String(c) }); }));
    }));
    return el('div', { className: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
      [el('table', {}, [el('caption', { className: 'sr-caption', text: caption }), thead, tbody])]);
  }

  var statusLine = document.getElementById('tasks-status');
  var list = document.getElementById('tasks');
  var prev = document.getElementById('prev');
  var next = document.getElementById('next');
  var pageLabel = document.getElementById('page-label');
  var form = document.getElementById('search');
  var cursors = [null];
  var pageIndex = 0;
  var filter = {};

  if (api) {
    var note = document.getElementById('source-note');
    note.hidden = false;
    note.textContent = '核验数据来源 Verification data read from: ' + api;
  }

  function readFilter() {
    var f = {};
    ['organisation', 'department', 'itemCode', 'from', 'to'].forEach(function (name) {
      var v = form.elements[name].value.trim();
      if (v) { f[name] = v; }
    });
    return f;
  }

  function load(focusHeading) {
    statusLine.textContent = '正在加载… Loading…';
    return gql(TASKS_QUERY, { filter: filter, first: PAGE_SIZE, after: cursors[pageIndex] }).then(function (data) {
      var c = data.publicTasks;
      list.textContent = '';
      c.edges.forEach(function (e) { list.appendChild(renderTask(e.node)); });
      var pages = Math.max(1, Math.ceil(c.totalCount / PAGE_SIZE));
      statusLine.textContent = c.totalCount === 0 ? '没有符合条件的任务。 No matching tasks.'
        : '共 ' + c.totalCount + ' 个任务，第 ' + (pageIndex + 1) + '/' + pages + ' 页。 ' + c.totalCount + ' tasks, page ' + (pageIndex + 1) + ' of ' + pages + '.';
      pageLabel.textContent = (pageIndex + 1) + ' / ' + pages;
      cursors[pageIndex + 1] = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : undefined;
      next.disabled = !c.pageInfo.hasNextPage;
      prev.disabled = pageIndex === 0;
      if (focusHeading) { document.getElementById('tasks-heading').focus(); }
    }).catch(function (e) {
      statusLine.textContent = '加载失败 Could not load: ' + e.message;
    });
  }

  function renderTask(t) {
    var li = el('li', { className: 'task', 'data-task-id': t.id });
    var headingId = 'task-' + t.id.replace(/[^A-Za-z0-9_-]/g, '_');
    li.appendChild(el('h3', { id: headingId, text: t.name }));
    var dates = (t.startDate || '') + (t.endDate ? ' – ' + t.endDate : '');
    var meta = el('dl', { className: 'meta' });
    [['任务编号 Task', t.id], ['牵头部门 Lead department', t.leadDepartment], ['参与部门 Departments', t.departments.join('、')],
      ['抽查事项 Items', t.itemCodes.join('、')], ['状态 Status', STATUS[t.status] || t.status],
      ['计划日期 Planned', dates || '—'], ['创建 Created', (t.createdAt || '').slice(0, 10)], ['抽取编号 Draw', t.drawId]]
      .forEach(function (pair) { meta.appendChild(el('dt', { text: pair[0] })); meta.appendChild(el('dd', { text: pair[1] })); });
    li.appendChild(meta);
    var detailsId = headingId + '-draw', verifyId = headingId + '-verify';
    var details = el('div', { id: detailsId, className: 'draw', hidden: '' });
    var verifyBox = el('div', { id: verifyId, className: 'verify', hidden: '' });
    var show = el('button', { type: 'button', className: 'secondary', 'aria-expanded': 'false', 'aria-controls': detailsId, 'data-show': t.drawId },
      bilingual('抽取与结果', 'Draw and results'));
    var verify = el('button', { type: 'button', 'aria-controls': verifyId, 'data-verify': t.drawId },
      bilingual('核验抽取', 'Verify draw'));
    show.addEventListener('click', function () { toggleDetails(t, show, details); });
    verify.addEventListener('click', function () { runVerify(t, verify, verifyBox); });
    li.appendChild(el('div', { className: 'task-actions' }, [show, verify]));
    li.appendChild(details);
    li.appendChild(verifyBox);
    return li;
  }

  function toggleDetails(t, button, box) {
    var open = button.getAttribute('aria-expanded') === 'true';
    button.setAttribute('aria-expanded', open ? 'false' : 'true');
    if (open) { box.hidden = true; return; }
    box.hidden = false;
    if (box.getAttribute('data-loaded')) { return; }
    box.setAttribute('data-loaded', '1');
    var live = el('p', { role: 'status', 'aria-live': 'polite', text: '正在加载… Loading…' });
    box.appendChild(live);
    Promise.all([gql(DRAW_QUERY, { id: t.drawId }), gql(RESULTS_QUERY, { filter: { taskId: t.id } })]).then(function (got) {
      var d = got[0].drawRecord, results = got[1].publishedResults;
      live.textContent = '';
      if (!d) { live.textContent = '抽取记录不公开。 The draw record is not public.'; return; }
      box.appendChild(el('h4', {}, bilingual('抽取', 'Draw')));
      var meta = el('dl', { className: 'meta' });
      [['算法 Algorithm', d.algorithm], ['范围总数 Scope size', String(d.scopeSize)], ['方式 Mode', d.mode + (d.count ? ' ' + d.count : '')],
        ['公开随机值 Public value', d.publicValue], ['承诺来源 Committed source', d.commitment ? d.commitment.source : '—'],
        ['公布时间 Revealed at', d.commitment ? d.commitment.revealAt : '—'], ['范围冻结 Scope frozen', d.scopeFrozenAt || '—'],
        ['辖区最低数 Minimum per jurisdiction', String(d.minPerJurisdiction)], ['种子 Seed', d.seed], ['抽中数 Selected', String(d.selectedCount)],
        ['抽取时间 Drawn at', d.drawnAt]]
        .forEach(function (p) { meta.appendChild(el('dt', { text: p[0] })); meta.appendChild(el('dd', { className: /Seed/.test(p[0]) ? 'mono' : '', text: p[1] })); });
      box.appendChild(meta);
      box.appendChild(el('h4', {}, bilingual('分层与配额', 'Strata and quotas')));
      box.appendChild(table('分层 Strata', ['层 Stratum', '范围 Scope', '可抽 Eligible', '配额 Quota', '比例 % Ratio'],
        d.strata.map(function (s) { return [s.stratum, s.scopeSize, s.eligible, s.quota, s.ratioPercent]; })));
      box.appendChild(el('h4', {}, bilingual('抽中对象（公开键）', 'Selected subjects (public keys)')));
      box.appendChild(table('抽中对象 Selected', ['公开键 Key', '层 Stratum', '辖区 Region', '类型 Kind', '依据 Reason'],
        d.selected.map(function (s) { return [s.key, s.stratum, s.region, KIND[s.kind] || s.kind, REASON[s.reason] || s.reason]; })));
      box.appendChild(el('h4', {}, bilingual('检查结果公示', 'Published results')));
      if (!results.edges.length) {
        box.appendChild(el('p', { text: '尚无公示结果。 No published results yet.' }));
      } else {
        box.appendChild(table('公示结果 Results', ['代码 Code', '名称 Name', '部门 Department', '事项 Items', '结果 Result', '检查日期 Inspected', '公示 Published'],
          results.edges.map(function (e) {
            var n = e.node;
            return [n.subjectCode, n.subjectName, n.department, n.itemCodes.join(' '), n.resultCodes.join(' ') + (n.problemFound ? '（发现问题 problem found）' : ''),
              n.inspectionDate, (n.publishedAt || '').slice(0, 10)];
          })));
      }
    }).catch(function (e) { live.textContent = '加载失败 Could not load: ' + e.message; });
  }

  function runVerify(t, button, box) {
    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    if (button.getAttribute('aria-disabled') === 'true') { return; }
    box.hidden = false;
    box.textContent = '';
    button.setAttribute('aria-disabled', 'true');
    box.appendChild(el('h4', {}, bilingual('浏览器内核验', 'Verified in this browser')));
    var live = el('p', { role: 'status', 'aria-live': 'polite', className: 'progress', text: '正在下载并重算… Downloading and recomputing…' });
    var steps = el('ol', { className: 'steps', 'aria-label': '核验步骤 Steps' });
    var result = el('div', { className: 'result', 'aria-live': 'assertive' });
    // The verdict above the steps: it is what a visitor looks for first.
    box.appendChild(live);
    box.appendChild(result);
    box.appendChild(steps);
    var lastProgress = 0;
    window.SpotcheckVerify.verify(api, t.drawId, function (s) {
      if (s.progress) {
        var now = performance.now();
        if (now - lastProgress > 250) {
          lastProgress = now;
          live.textContent = (s.progress === 'download' ? '下载快照 Downloading snapshot ' : '计算排序值 Hashing ranks ') + s.done + (s.total ? ' / ' + s.total : '');
        }
        return;
      }
      var li = el('li', { className: s.ok ? 'ok' : 'bad', 'data-step': s.id }, [
        el('span', { className: 'mark', text: s.ok ? '✓ 一致 ' : '✗ 不符 ' }),
        el('span', { className: 'sr-only', text: s.ok ? 'OK: ' : 'differs: ' }),
        s.title, el('span', { className: 'detail', text: s.detail })]);
      steps.appendChild(li);
    }).then(function (r) {
      var seconds = (r.millis / 1000).toFixed(2);
      live.textContent = '核验完成，用时 ' + seconds + ' 秒。 Verified in ' + seconds + ' s (' + r.size + ' members).';
      result.appendChild(el('p', { className: 'verdict ' + (r.match ? 'match' : 'mismatch'), 'data-verdict': r.match ? 'MATCH' : 'MISMATCH',
        text: r.match ? 'MATCH 一致：重算结果与公示记录完全相同。' : 'MISMATCH 不一致：' + r.differences.length + ' 处不同。' }));
      result.appendChild(el('p', { className: 'timing', 'data-millis': String(Math.round(r.millis)),
        text: '用时 Took ' + seconds + ' s（下载 download ' + (r.downloadMillis / 1000).toFixed(2) + ' s，排序值 hashing ' + (r.hashMillis / 1000).toFixed(2) + ' s）' }));
      if (!r.match) {
        result.appendChild(el('h5', {}, bilingual('不同之处', 'What differs')));
        result.appendChild(el('ul', { className: 'differences' }, r.differences.map(function (d) { return el('li', { text: d }); })));
      }
    }).catch(function (e) {
      live.textContent = '';
      result.appendChild(el('p', { className: 'verdict mismatch', 'data-verdict': 'ERROR', text: '无法核验 Could not verify: ' + e.message }));
    }).then(function () { button.removeAttribute('aria-disabled'); });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    filter = readFilter();
    cursors = [null];
    pageIndex = 0;
    load(true);
  });
  form.addEventListener('reset', function () {
    setTimeout(function () { filter = {}; cursors = [null]; pageIndex = 0; load(false); }, 0);
  });
  next.addEventListener('click', function () { if (cursors[pageIndex + 1] !== undefined) { pageIndex++; load(true); } });
  prev.addEventListener('click', function () { if (pageIndex > 0) { pageIndex--; load(true); } });

  ['organisation', 'department', 'itemCode', 'from', 'to'].forEach(function (name) {
    var v = params.get(name);
    if (v) { form.elements[name].value = v; }
  });
  filter = readFilter();
  load(false);
})();
