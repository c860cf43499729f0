// A large archive for benchmarks and end-to-end tests, written at run time
// (never committed): a static backend folder in the contract's layout, made
// from the demo backend (`gongkai-demo DIR`) with one more 党支部 whose board
// holds N items over pages of `perPage`, deterministic for a seed.
//
//   import { writeArchive } from './lib/archive.mjs';
//   const { org, items } = await writeArchive(dir, { count: 10000 });
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A small seeded generator (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['青溪', '石桥', '南岭', '桃源', '东湖', '西山', '北坞', '梅林', '竹溪', '柳塘'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['建国', '秀英', '志强', '海燕', '国华', '丽娟', '明辉', '春梅', '德胜', '晓东', '玉兰', '永红'];
const PROJECTS = ['村道硬化', '路灯安装', '自来水管网改造', '文化礼堂修缮', '垃圾分类站点', '河道清淤', '老年食堂', '农房安全排查', '桥梁加固', '停车场建设'];
const PHRASES = [
  '经支部委员会研究，报上级党组织审核同意，现予公开。',
  '如有意见建议，请在公示期内向镇党委组织办反映。',
  '本季度应缴党费党员三十八人，实缴三十八人，缴纳率百分之百。',
  '按照“四议两公开”工作法，经党员大会和村民代表会议讨论通过。',
  '项目资金来源为上级专项补助和村集体经济收入，支出明细见附件。',
  '欢迎党员群众监督，监督电话0571-86120345。',
  '会议应到党员四十二人，实到三十九人，符合规定人数。',
  '整改措施已落实到人，完成时限为本年度十二月底前。',
  '帮扶对象经本人申请、小组评议、支部审核，名单如下。',
  '本制度自发布之日起施行，由支部委员会负责解释。',
  '针对群众反映的停车难问题，支部已协调相关部门现场办公。',
  'The village council meeting minutes are attached in PDF format.',
  '黨務公開欄每季度更新一次，歡迎監督。',
];

const CATEGORIES = ['decisions', 'organisation', 'cadre', 'recruitment', 'dues', 'evaluation', 'integrity', 'finance', 'practical', 'aid', 'rules', 'hot_issues'];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

function pad(n, w = 2) {
  return String(n).padStart(w, '0');
}

/** An RFC 3339 time, China time, `minutesAgo` before `now`. */
function chinaTime(now, minutesAgo) {
  const t = new Date(now.getTime() - minutesAgo * 60000 + 8 * 3600000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:00+08:00`;
}

/** Item `n` (0 is the newest) of the archive's organisation. */
export function archiveItem(r, org, orgName, n, now) {
  // About one item every 8 hours, going back years.
  const minutesAgo = 60 + n * 480 + Math.floor(r() * 300);
  const published_at = chinaTime(now, minutesAgo);
  const year = Number(published_at.slice(0, 4));
  const month = Number(published_at.slice(5, 7));
  const quarter = Math.floor((month - 1) / 3) + 1;
  const category = CATEGORIES[n % CATEGORIES.length];
  const person = pick(r, SURNAMES) + pick(r, GIVEN);
  const place = pick(r, PLACES);
  const project = pick(r, PROJECTS);
  let title;
  let kind = { type: 'ad_hoc' };
  switch (category) {
    case 'dues':
      title = `${orgName}${year}年第${'一二三四'[quarter - 1]}季度党费收缴使用情况公开`;
      kind = { type: 'regular', period: 'quarter', covers: `${year}-Q${quarter}` };
      break;
    case 'cadre':
      title = `关于${person}同志拟任${place}村党支部委员的任前公示`;
      break;
    case 'recruitment':
      title = `关于拟接收${person}同志为预备党员的公示`;
      break;
    case 'finance':
      title = `${year}年${month}月${project}项目资金使用情况（三重一大）`;
      kind = { type: 'regular', period: 'month', covers: `${year}-${pad(month)}` };
      break;
    case 'practical':
      title = `我为群众办实事：${place}${project}进展`;
      break;
    default:
      title = `${orgName}${year}年${month}月${pick(r, ['主题党日', '支部委员会会议', '党员大会', '组织生活会', '民主评议', '廉政提醒'])}情况（第${n + 1}号）`;
  }
  const paragraphs = Array.from({ length: 2 + Math.floor(r() * 4) }, () =>
    `<p>${Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(r, PHRASES)).join('')}</p>`);
  const item = {
    id: `${org}-${pad(n, 6)}`,
    org,
    category,
    title,
    summary: `${place}${project}，${pick(r, PHRASES)}`,
    body_html: paragraphs.join(''),
    kind,
    audience: 'public',
    published_at,
  };
  if (category === 'cadre' || category === 'recruitment') {
    item.publicity = { start: published_at, end: chinaTime(now, minutesAgo - 7 * 24 * 60) };
  }
  return item;
}

/**
 * Writes the demo backend into `dir` plus organisation `org` (a 党支部
 * under the root) with `count` items, newest first, `perPage` a page, each
 * page carrying `total` unless `withTotal` is false. `broken` lists item
 * numbers written as unreadable entries (`published_at: "yesterday"`).
 * The demo's static search index is dropped (it would not know the new
 * items): the folder is a backend without search, as most are today; run
 * `gongkai-index` over it for one with.
 * Returns the organisation's id and name and the items (newest first).
 */
export async function writeArchive(dir, {
  count = 10000,
  perPage = 100,
  org = 'archive-branch',
  orgName = '青溪镇档案馆党支部',
  seed = 11,
  withTotal = true,
  broken = [],
  now = new Date(),
} = {}) {
  execFileSync('cargo', ['run', '--quiet', '-p', 'gongkai-demo', '--', dir], { cwd: root, stdio: 'inherit' });
  const v1 = join(dir, 'v1');
  const site = JSON.parse(await readFile(join(v1, 'site.json'), 'utf8'));
  delete site.search;
  await writeFile(join(v1, 'site.json'), JSON.stringify(site));
  await rm(join(v1, 'search'), { recursive: true, force: true });
  const orgs = JSON.parse(await readFile(join(v1, 'orgs.json'), 'utf8'));
  orgs.organisations.push({ id: org, name: orgName, short_name: orgName, kind: 'branch', parent: site.root_org });
  await writeFile(join(v1, 'orgs.json'), JSON.stringify(orgs));
  const r = rng(seed);
  const items = Array.from({ length: count }, (_, n) => archiveItem(r, org, orgName, n, now));
  const entries = items.map((item, n) => (broken.includes(n) ? { ...item, published_at: 'yesterday' } : item));
  await writePages(v1, `orgs/${org}/items`, entries, perPage, withTotal);
  for (const item of items) {
    await writeFile(join(v1, 'items', `${item.id}.json`), JSON.stringify(item));
  }
  // The site-wide list holds every organisation's items, newest first.
  const all = [];
  let path = join(v1, 'items.json');
  for (;;) {
    const page = JSON.parse(await readFile(path, 'utf8'));
    all.push(...page.items);
    if (!page.next) break;
    path = join(dirname(path), page.next);
  }
  await rm(join(v1, 'items', 'pages'), { recursive: true, force: true });
  await writePages(v1, 'items', [...all, ...entries].sort((a, b) =>
    (Date.parse(b.published_at) || 0) - (Date.parse(a.published_at) || 0) || (a.id < b.id ? -1 : 1)), perPage, withTotal);
  return { org, orgName, items };
}

/** Writes a list as `v1/<name>.json` and `v1/<name>/pages/N.json`. */
async function writePages(v1, name, entries, perPage, withTotal) {
  const pages = Math.max(1, Math.ceil(entries.length / perPage));
  for (let p = 1; p <= pages; p++) {
    const page = { items: entries.slice((p - 1) * perPage, p * perPage) };
    if (p < pages) page.next = p === 1 ? `${name.split('/').pop()}/pages/2.json` : `${p + 1}.json`;
    if (withTotal) page.total = entries.length;
    const path = p === 1 ? join(v1, `${name}.json`) : join(v1, name, 'pages', `${p}.json`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(page));
  }
}
