"""File-level import cycles in src/ (issue 25: no module cycle). Prints each cycle and
the count; exits 1 when there is one. Parent modules declaring their children
(`mod x;`) are not edges; `use crate::…`, `use super::…` and inline paths are."""
import os, re, sys
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
files={}
for root,_,fs in os.walk('src'):
    for f in fs:
        if f.endswith('.rs'):
            p=os.path.join(root,f); files[p]=open(p).read()
def modpath(p):
    q=p[4:-3]
    if q.endswith('/mod'): q=q[:-4]
    if q in ('lib','main'): return []
    return q.split('/')
mods={tuple(modpath(p)):p for p in files}
def resolve(parts):
    # longest prefix that is a module file
    for k in range(len(parts),0,-1):
        if tuple(parts[:k]) in mods: return mods[tuple(parts[:k])]
    return None
edges={p:set() for p in files}
for p,s in files.items():
    s=re.sub(r'#\[cfg\(test\)\]\s*mod tests.*','',s,flags=re.S)  # drop test modules
    me=modpath(p)
    found=[]
    for m in re.finditer(r'\b(crate|super)((?:::[a-z_][a-z0-9_]*)*)::\{([^}]*)\}',s):
        for item in m.group(3).split(','):
            item=item.strip().split('::')[0].strip()
            if re.match(r'^[a-z_][a-z0-9_]*$',item) and item!='self':
                found.append((m.group(1),m.group(2).split('::')[1:]+[item]))
            elif item in ('self',) or re.match(r'^[A-Z]',item or 'X'):
                found.append((m.group(1),m.group(2).split('::')[1:]))
    for m in re.finditer(r'\b(crate|super)((?:::[a-z_][a-z0-9_]*)+)',s):
        found.append((m.group(1),m.group(2).split('::')[1:]))
    for kind,parts in found:
        m=kind
        if m=='crate': full=parts
        else:
            base=me[:-1] if not p.endswith('mod.rs') else me[:-1]
            full=base+parts
        t=resolve(full)
        if t and t!=p: edges[p].add(t)
# cycles via SCC
idx={};low={};st=[];on=set();res=[];c=[0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in edges[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        if len(comp)>1: res.append(comp)
for v in files:
    if v not in idx: sc(v)
for r in res: print("CYCLE:", sorted(r))
print(len(res),"cycles")
sys.exit(1 if res else 0)
