window.zedops = {
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
