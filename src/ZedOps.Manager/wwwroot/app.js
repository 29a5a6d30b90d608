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

// Uploads the file picked in <input type=file> as the raw request body (the browser streams it from disk; nothing
// is read into memory here), reporting progress to the Blazor component at most every 200 ms.
window.zedops.bindUpload = function (input, url, component) {
    input.addEventListener("change", () => {
        const file = input.files && input.files[0];
        if (!file) { return; }
        const xhr = new XMLHttpRequest();
        let last = 0;
        xhr.upload.onprogress = e => {
            const now = Date.now();
            if (now - last > 200 || e.loaded === e.total) { last = now; component.invokeMethodAsync("OnUploadProgress", e.loaded, file.size); }
        };
        xhr.onload = () => component.invokeMethodAsync("OnUploadDone", xhr.status, xhr.responseText);
        xhr.onerror = () => component.invokeMethodAsync("OnUploadDone", 0, "");
        xhr.open("POST", url);
        xhr.setRequestHeader("Content-Type", "application/octet-stream");
        component.invokeMethodAsync("OnUploadStarted", file.name, file.size);
        xhr.send(file);
        input.value = "";
    });
};
