window.zedops = {
    scrollToBottom: function (id) {
        const el = document.getElementById(id);
        if (el) { el.scrollTop = el.scrollHeight; }
    },
    download: function (filename, text) {
        const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
        const a = document.createElement("a");
        a.href = url; a.download = filename; document.body.appendChild(a); a.click(); a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    copyText: async function (text) {
        try { await navigator.clipboard.writeText(text); return true; }
        catch {
            // Clipboard API needs a secure context (https or localhost); fall back to a hidden textarea.
            const area = document.createElement("textarea");
            area.value = text; document.body.appendChild(area); area.select();
            const ok = document.execCommand("copy"); area.remove(); return ok;
        }
    }
};
