#!/usr/bin/env bash
# Proves that another Backstage app can install the plugins: builds every
# package, packs each plugin package with `yarn pack`, creates a fresh app
# from Backstage's own template (@backstage/create-app, the version matching
# backstage.json), installs the packed tarballs into it, starts its backend
# and asks /api/monitoring-stack/health as a signed-in guest, and builds its
# frontend with the plugin's new-frontend-system features.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

CREATE_APP_VERSION=0.9.2 # the newest the registry serves; it creates a 1.55 app (backstage.json is 1.57), where the live tail falls back to its Express route
work="$(mktemp -d /tmp/monitoring-stack-install.XXXXXX)"
packs="$work/packs"
app="$work/app"
mkdir -p "$packs"
backend_pid=""
cleanup() {
  [ -z "$backend_pid" ] || kill -- "-$backend_pid" 2>/dev/null || true
  rm -rf "$work"
  # The build output would be picked up by later test runs in this checkout.
  rm -rf "$ROOT"/packages/*/dist "$ROOT"/plugins/*/dist
}
trap cleanup EXIT

echo "==> building every package"
yarn tsc
yarn build:all

# The plugin packages, as `name directory` lines.
plugin_packages() {
  for dir in plugins/*/; do
    node -e 'console.log(require(process.argv[1]).name, process.argv[2])' \
      "$ROOT/${dir}package.json" "${dir%/}"
  done
}

echo "==> packing"
resolutions="{}"
while read -r name dir; do
  file="$packs/$(echo "$name" | tr -d '@' | tr '/' '-').tgz"
  (cd "$dir" && yarn pack --out "$file" >/dev/null)
  resolutions="$(node -e '
    const r = JSON.parse(process.argv[1]); r[process.argv[2]] = "file:" + process.argv[3];
    console.log(JSON.stringify(r));' "$resolutions" "$name" "$file")"
  echo "    $name"
done < <(plugin_packages)

pkg() { plugin_packages | awk -v d="plugins/$1" '$2 == d { print $1 }'; }
FRONTEND="$(pkg monitoring-stack)"
BACKEND="$(pkg monitoring-stack-backend)"
CATALOG="$(pkg catalog-backend-module-monitoring-stack)"
SCAFFOLDER="$(pkg scaffolder-backend-module-monitoring-stack)"
PERMISSION="$(pkg permission-backend-module-monitoring-stack)"
KUBERNETES="$(pkg kubernetes-backend-module-monitoring-stack)"

echo "==> creating a fresh app with @backstage/create-app@$CREATE_APP_VERSION"
echo installcheck | npx -y "@backstage/create-app@$CREATE_APP_VERSION" --skip-install --path "$app" >/dev/null

echo "==> installing the packed plugins into it"
node - "$app" "$resolutions" "$FRONTEND" "$BACKEND" "$CATALOG" "$SCAFFOLDER" "$PERMISSION" "$KUBERNETES" <<'JS'
const fs = require('fs');
const [app, resolutionsJson, frontend, backend, catalog, scaffolder, permission, kubernetes] = process.argv.slice(2);
const resolutions = JSON.parse(resolutionsJson);
const edit = (file, fn) => {
  const path = `${app}/${file}`;
  fs.writeFileSync(path, fn(fs.readFileSync(path, 'utf8')));
};
const editJson = (file, fn) => edit(file, s => JSON.stringify(fn(JSON.parse(s)), null, 2) + '\n');
// Every plugin package resolves to its tarball, including the ones they depend on.
editJson('package.json', p => ({ ...p, resolutions: { ...(p.resolutions ?? {}), ...resolutions } }));
// The Kubernetes module goes with the template's Kubernetes backend.
const backendModules = [backend, catalog, scaffolder, permission];
if (fs.readFileSync(`${app}/packages/backend/src/index.ts`, 'utf8').includes("'@backstage/plugin-kubernetes-backend'")) {
  backendModules.push(kubernetes);
}
editJson('packages/backend/package.json', p => {
  for (const name of backendModules) p.dependencies[name] = resolutions[name];
  return p;
});
editJson('packages/app/package.json', p => {
  p.dependencies[frontend] = resolutions[frontend];
  return p;
});
edit('packages/backend/src/index.ts', s =>
  s
    .replace("backend.add(\n  import('@backstage/plugin-permission-backend-module-allow-all-policy'),\n);\n", '')
    .replace(
      'backend.start();',
      backendModules.map(n => `backend.add(import('${n}'));`).join('\n') + '\nbackend.start();',
    ),
);
edit('packages/app/src/App.tsx', s =>
  s
    .replace("import { createApp } from '@backstage/frontend-defaults';", `import { createApp } from '@backstage/frontend-defaults';\nimport monitoringStackPlugin from '${frontend}/alpha';`)
    .replace('features: [catalogPlugin,', 'features: [catalogPlugin, monitoringStackPlugin,'),
);
fs.writeFileSync(
  `${app}/app-config.local.yaml`,
  [
    'monitoringStack:',
    '  upstreams:',
    '    prometheus:',
    '      url: http://127.0.0.1:9',
    '  tenants:',
    '    - id: team-a',
    '      owner: group:default/team-a',
    '      namespaces: { eks-shared: [team-a] }',
    '',
  ].join('\n'),
);
JS
grep -q "monitoringStackPlugin" "$app/packages/app/src/App.tsx" || { echo "could not add the frontend plugin to App.tsx" >&2; exit 1; }
grep -q "$BACKEND" "$app/packages/backend/src/index.ts" || { echo "could not add the backend plugin" >&2; exit 1; }
grep -q "$KUBERNETES" "$app/packages/backend/src/index.ts" && echo "    with the Kubernetes module" || echo "    the template has no Kubernetes backend: the Kubernetes module is left out"
(cd "$app" && YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install >"$work/install.log" 2>&1) || { tail -40 "$work/install.log"; exit 1; }

echo "==> starting the fresh app's backend"
if (exec 3<>/dev/tcp/127.0.0.1/7007) 2>/dev/null; then
  echo "port 7007 is in use: stop what listens there (the fresh app's backend needs it)" >&2
  exit 1
fi
(cd "$app" && setsid yarn workspace backend start >"$work/backend.log" 2>&1) &
backend_pid=$!
token=""
for _ in $(seq 1 180); do
  token="$(curl -sf -H 'X-Requested-With: XMLHttpRequest' http://localhost:7007/api/auth/guest/refresh 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).backstageIdentity.token)}catch{}})')" || true
  [ -n "$token" ] && break
  sleep 1
done
[ -n "$token" ] || { tail -60 "$work/backend.log"; echo "the fresh app's backend did not start" >&2; exit 1; }
health="$(curl -sf -H "Authorization: Bearer $token" http://localhost:7007/api/monitoring-stack/health)" ||
  { tail -60 "$work/backend.log"; echo "/api/monitoring-stack/health did not answer" >&2; exit 1; }
echo "    /api/monitoring-stack/health: $(echo "$health" | head -c 200)"
kill -- "-$backend_pid" 2>/dev/null || true
backend_pid=""

echo "==> building the fresh app's frontend"
(cd "$app" && yarn workspace app build >"$work/frontend.log" 2>&1) || { tail -60 "$work/frontend.log"; exit 1; }
echo "==> the packed plugins install into a fresh Backstage app"
