// Headless Chromium driven over the DevTools protocol, with Deno's own
// WebSocket: no puppeteer (whose ops outlive `deno test`'s sanitizers, and
// which would be a dependency for the handful of calls a test needs).
// Every console error, uncaught exception and failed request of the page
// and of its workers is collected, for the test to assert there were none.

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether a Chromium is installed here (the browser tests are ignored without one). */
export function chromiumInstalled(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

// deno-lint-ignore no-explicit-any
type Json = any;

interface Pending {
  resolve: (value: Json) => void;
  reject: (error: Error) => void;
  method: string;
}

/** One DevTools WebSocket: commands with ids, events to listeners, sessions by id. */
class Connection {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners: ((method: string, params: Json, sessionId?: string) => void)[] = [];
  #next = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data as string);
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) {
          pending?.reject(new Error(`${pending.method}: ${message.error.message}`));
        } else pending?.resolve(message.result);
      } else {
        for (const listener of this.#listeners) {
          listener(message.method, message.params, message.sessionId);
        }
      }
    };
  }

  static open(url: string): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.onopen = () => resolve(new Connection(socket));
      socket.onerror = () => reject(new Error(`Cannot connect to Chromium at ${url}`));
    });
  }

  send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, method });
      this.#socket.send(JSON.stringify({ id, method, params, sessionId }));
    });
  }

  listen(listener: (method: string, params: Json, sessionId?: string) => void): void {
    this.#listeners.push(listener);
  }

  close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.onclose = () => resolve();
      this.#socket.close();
    });
  }
}

/** A tab: navigate, evaluate, click, upload, screenshot; what went wrong is in `problems`. */
export class Page {
  readonly #connection: Connection;
  readonly #session: string;
  /** Console errors, exceptions and failed requests, in the order they came. */
  readonly problems: string[] = [];

  constructor(connection: Connection, session: string) {
    this.#connection = connection;
    this.#session = session;
  }

  send(method: string, params: Json = {}): Promise<Json> {
    return this.#connection.send(method, params, this.#session);
  }

  /** Loads `url` and waits for its load event. */
  async navigate(url: string): Promise<void> {
    await this.send("Page.navigate", { url });
    await this.waitFor("document.readyState === 'complete'", 10_000);
  }

  /** The value of a JavaScript expression in the page (promises awaited); a thrown error fails. */
  async evaluate<T = Json>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) {
      throw new Error(
        `In the page, ${expression}: ${
          exceptionDetails.exception?.description ?? exceptionDetails.text
        }`,
      );
    }
    return result.value as T;
  }

  /** Polls `expression` until it is truthy; fails after `timeoutMs` with `what`. */
  async waitFor(expression: string, timeoutMs: number, what = expression): Promise<Json> {
    const deadline = performance.now() + timeoutMs;
    while (true) {
      const value = await this.evaluate(expression).catch(() => undefined);
      if (value) return value;
      if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** A real mouse click at the middle of the element `selector` (scrolled into view). */
  async click(selector: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number } | null>(`(() => {
      const element = document.querySelector(${JSON.stringify(selector)});
      if (!element) return null;
      element.scrollIntoView({ block: "center" });
      const r = element.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    })()`);
    if (!box) throw new Error(`No element ${selector} to click`);
    for (const type of ["mousePressed", "mouseReleased"]) {
      await this.send("Input.dispatchMouseEvent", {
        type,
        x: box.x,
        y: box.y,
        button: "left",
        clickCount: 1,
      });
    }
  }

  /** Sets the value of an input or select and fires its input and change events. */
  async fill(selector: string, value: string): Promise<void> {
    await this.evaluate(`(() => {
      const element = document.querySelector(${JSON.stringify(selector)});
      element.value = ${JSON.stringify(value)};
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
    })()`);
  }

  /** Chooses `path` in the file input `selector`, as a user picking the file does. */
  async upload(selector: string, path: string): Promise<void> {
    const { result } = await this.send("Runtime.evaluate", {
      expression: `document.querySelector(${JSON.stringify(selector)})`,
    });
    await this.send("DOM.setFileInputFiles", { files: [path], objectId: result.objectId });
  }

  /** A PNG of the element `selector` (or the viewport). */
  async screenshot(selector?: string): Promise<Uint8Array> {
    let clip;
    if (selector) {
      clip = await this.evaluate(`(() => {
        const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
        return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height, scale: 1 };
      })()`);
    }
    const { data } = await this.send("Page.captureScreenshot", {
      format: "png",
      captureBeyondViewport: true,
      ...(clip ? { clip } : {}),
    });
    return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  }
}

/** A headless Chromium with one tab open, downloads going to `downloads`. */
export class Browser {
  readonly #process: Deno.ChildProcess;
  readonly #connection: Connection;
  readonly #profile: string;
  readonly downloads: string;
  /** Names of the downloads that completed, in order. */
  readonly completed: string[] = [];

  private constructor(
    process: Deno.ChildProcess,
    connection: Connection,
    profile: string,
    downloads: string,
  ) {
    this.#process = process;
    this.#connection = connection;
    this.#profile = profile;
    this.downloads = downloads;
  }

  /** Starts Chromium headless (`--no-sandbox`: the tests may run as root). */
  static async launch(): Promise<Browser> {
    const profile = await Deno.makeTempDir({ prefix: "playground-chromium-" });
    const downloads = await Deno.makeTempDir({ prefix: "playground-downloads-" });
    const process = new Deno.Command(CHROMIUM, {
      args: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--remote-debugging-port=0",
        `--user-data-dir=${profile}`,
        "--window-size=1280,1000",
        "about:blank",
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    // Chromium writes its DevTools address to stderr once it listens.
    const reader = process.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    let url: string | undefined;
    const deadline = setTimeout(() => process.kill("SIGKILL"), 20_000);
    while (!url) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`Chromium exited before listening:\n${text}`);
      text += value;
      url = text.match(/DevTools listening on (ws:\/\/\S+)/)?.[1];
    }
    clearTimeout(deadline);
    // Keep draining stderr so that Chromium never blocks on a full pipe.
    (async () => {
      while (!(await reader.read()).done);
    })().catch(() => {});
    const connection = await Connection.open(url);
    const browser = new Browser(process, connection, profile, downloads);
    connection.listen((method, params) => {
      if (method === "Browser.downloadProgress" && params.state === "completed") {
        browser.completed.push(browser.#names.get(params.guid) ?? params.guid);
      } else if (method === "Browser.downloadWillBegin") {
        browser.#names.set(params.guid, params.suggestedFilename);
      }
    });
    await connection.send("Browser.setDownloadBehavior", {
      behavior: "allow",
      downloadPath: downloads,
      eventsEnabled: true,
    });
    return browser;
  }

  readonly #names = new Map<string, string>();

  /** A new tab, its page and its workers watched for errors. */
  async newPage(): Promise<Page> {
    const { targetId } = await this.#connection.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.#connection.send("Target.attachToTarget", {
      targetId,
      flatten: true,
    });
    const page = new Page(this.#connection, sessionId);
    const sessions = new Set([sessionId]);
    this.#connection.listen((method, params, from) => {
      if (!from || !sessions.has(from)) return;
      if (method === "Target.attachedToTarget") {
        // A worker: watch it too, then let it run.
        const worker = params.sessionId as string;
        sessions.add(worker);
        for (const domain of ["Runtime.enable", "Network.enable", "Log.enable"]) {
          this.#connection.send(domain, {}, worker).catch(() => {});
        }
        this.#connection.send("Runtime.runIfWaitingForDebugger", {}, worker).catch(() => {});
      } else if (method === "Runtime.consoleAPICalled" && params.type === "error") {
        page.problems.push(
          `console.error: ${params.args.map((a: Json) => a.value ?? a.description).join(" ")}`,
        );
      } else if (method === "Runtime.exceptionThrown") {
        const details = params.exceptionDetails;
        page.problems.push(`exception: ${details.exception?.description ?? details.text}`);
      } else if (method === "Log.entryAdded" && params.entry.level === "error") {
        page.problems.push(`log: ${params.entry.text} ${params.entry.url ?? ""}`);
      } else if (method === "Network.loadingFailed" && !params.canceled) {
        page.problems.push(`request failed: ${params.errorText} (${params.type})`);
      } else if (method === "Network.responseReceived" && params.response.status >= 400) {
        page.problems.push(`HTTP ${params.response.status}: ${params.response.url}`);
      }
    });
    for (const domain of ["Page.enable", "Runtime.enable", "Network.enable", "Log.enable"]) {
      await page.send(domain);
    }
    await page.send("Target.setAutoAttach", {
      autoAttach: true,
      waitForDebuggerOnStart: true,
      flatten: true,
    });
    return page;
  }

  /** Waits for a download named `name` to complete and returns its path. */
  async download(name: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    while (true) {
      const found = this.completed.find((candidate) => name.test(candidate));
      if (found) return `${this.downloads}/${found}`;
      if (performance.now() > deadline) {
        throw new Error(`No download matching ${name} within ${timeoutMs} ms (${this.completed})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Closes Chromium and removes its profile and downloads. */
  async close(): Promise<void> {
    await this.#connection.send("Browser.close").catch(() => {});
    await this.#connection.close();
    const timer = setTimeout(() => this.#process.kill("SIGKILL"), 5_000);
    await this.#process.status;
    clearTimeout(timer);
    await Deno.remove(this.#profile, { recursive: true }).catch(() => {});
    await Deno.remove(this.downloads, { recursive: true }).catch(() => {});
  }
}
