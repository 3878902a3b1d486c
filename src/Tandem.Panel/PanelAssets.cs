using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tandem.Panel;

/// <summary>
/// The panel's one stylesheet and one script, served from memory (no build chain, no static-file folder to deploy;
/// a script file rather than inline code keeps the Content-Security-Policy at script-src 'self').
/// </summary>
internal static class PanelAssets
{
    private const string Css = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
        header{background:#1d3557;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
        header a{color:#fff;text-decoration:none}header .who{margin-left:auto}
        header form{display:inline}header button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;cursor:pointer}
        main{padding:1.2rem;max-width:1200px}
        .cards{display:flex;gap:.8rem;flex-wrap:wrap;margin-bottom:1rem}
        .card{background:#fff;border-radius:6px;padding:.7rem 1rem;min-width:8rem;box-shadow:0 1px 2px #0002}
        .card b{display:block;font-size:1.6rem}
        table{border-collapse:collapse;background:#fff;width:100%;margin-bottom:1rem}
        th,td{border-bottom:1px solid #dde3ea;padding:.35rem .6rem;text-align:left;vertical-align:top;font-size:.92rem}
        .state-idle{color:#2a7d2e}.state-syncing,.state-starting{color:#1d5fa8}.state-paused{color:#b36b00}.state-failing{color:#b3261e}
        .msg{background:#e7f1ff;border-left:4px solid #1d5fa8;padding:.5rem .8rem;margin-bottom:1rem}
        .err{background:#fde8e7;border-left:4px solid #b3261e;padding:.5rem .8rem;margin-bottom:1rem}
        .warn{background:#fff4e0;border-left:4px solid #b36b00;padding:.5rem .8rem;margin-bottom:1rem}
        form.inline{display:inline}input,select,button{font:inherit;padding:.25rem .4rem}
        pre{background:#fff;padding:.6rem;overflow:auto;font-size:.85rem}
        .signin{max-width:22rem;margin:4rem auto;background:#fff;padding:1.5rem;border-radius:6px}
        .signin label{display:block;margin:.6rem 0 .2rem}.signin input{width:100%;box-sizing:border-box}
        code{background:#eef1f4;padding:0 .2rem}
        """;

    private const string Script = """
        document.querySelectorAll('button.add-member').forEach(function(b){
          b.addEventListener('click',function(){
            var box=document.getElementById('members');
            var role=document.getElementById('member-role').value;
            box.value=(box.value.trim().length?box.value.trim()+'\n':'')+b.getAttribute('data-folder')+' '+role;
          });
        });
        (function(){
          var root=document.querySelector('[data-live]');
          if(!root||!window.EventSource)return;
          var source=new EventSource('/events');
          function text(el,v){if(el)el.textContent=v;}
          function secs(s){return (s<10?s.toFixed(2):s.toFixed(0))+' s';}
          function latency(l,p){return l==null?'\u2013':secs(l)+' / '+(p==null?'\u2013':secs(p));}
          source.addEventListener('overview',function(e){
            var o=JSON.parse(e.data);
            var c=o.cards;
            text(document.getElementById('card-syncing'),c.syncing);
            text(document.getElementById('card-idle'),c.idle);
            text(document.getElementById('card-paused'),c.paused);
            text(document.getElementById('card-failing'),c.failing);
            text(document.getElementById('card-approvals'),c.pendingApprovals);
            text(document.getElementById('card-failed'),c.failedItems);
            text(document.getElementById('card-changed'),c.changedLast24h);
            o.groups.forEach(function(g){
              var row=document.querySelector('tr[data-group="'+CSS.escape(g.name)+'"]');
              if(!row){root.setAttribute('data-stale','1');return;}
              var s=row.querySelector('[data-f=state]');
              if(s){s.textContent=g.state;s.className='state-'+g.state;}
              text(row.querySelector('[data-f=lastRun]'),g.lastRun?new Date(g.lastRun).toISOString().replace('T',' ').substring(0,19)+' UTC':'never');
              text(row.querySelector('[data-f=lastResult]'),g.lastResult||'');
              text(row.querySelector('[data-f=items]'),g.items);
              text(row.querySelector('[data-f=pending]'),g.pendingChanges);
              text(row.querySelector('[data-f=failed]'),g.failedItems);
              text(row.querySelector('[data-f=latency]'),latency(g.latencySeconds,g.latencyP95Seconds));
            });
            text(document.getElementById('live-at'),new Date(o.at).toISOString().replace('T',' ').substring(0,19)+' UTC');
          });
        })();
        """;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/panel.css", () => Results.Text(Css, "text/css")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/assets/live.js", () => Results.Text(Script, "text/javascript")).AllowAnonymous().ExcludeFromDescription();
    }
}
