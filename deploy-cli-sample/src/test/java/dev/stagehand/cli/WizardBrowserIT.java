package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The wizard's real page in Debian's headless Chromium (installed by scripts/services.sh), driven
 * through /usr/bin/chromedriver: no driver is downloaded. With {@code -Dscreenshots=true} it also
 * writes docs/images/wizard.png, the picture in the README; a normal run leaves the tree unchanged.
 */
class WizardBrowserIT {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path temp;

    private WizardServer server;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        assertTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "the browser test needs Debian's chromium and chromium-driver: run scripts/services.sh");
        server = WizardServerTest.sampleWizard(temp, temp.resolve("parameters.json"));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--window-size=1100,900", "--disable-dev-shm-usage",
                        "--user-data-dir=" + temp.resolve("chromium-profile"));
        if ("root".equals(System.getProperty("user.name"))) {
            // Chromium refuses to run as root inside its sandbox.
            options.addArguments("--no-sandbox");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private WebElement input(String variable) {
        return browser.findElement(By.id("v-" + variable.replace('.', '-')));
    }

    private By problemOf(String variable) {
        return By.id("p-" + variable.replace('.', '-'));
    }

    private void onPage(String wizardStepId) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("s-" + wizardStepId.replace('.', '-'))));
    }

    private void next() {
        browser.findElement(By.id("next")).click();
    }

    @Test
    void aPageOpenedWithoutTheTokenIsRefused() {
        browser.get("http://127.0.0.1:" + server.port() + "/");

        assertTrue(browser.findElement(By.tagName("body")).getText().contains("refused"),
                browser.getPageSource());
        assertTrue(browser.findElements(By.id("wizard")).isEmpty());
    }

    @Test
    void fillsTheSampleSystemsWizardAndTheWrittenParametersInstallTheSamples() throws Exception {
        browser.get(server.address().toString());
        onPage("Deployment.General");
        assertEquals("System name", browser.findElement(By.cssSelector("label[for='v-Product-SystemName']"))
                .getText().replace("*", "").trim());
        assertEquals(5, browser.findElements(By.cssSelector("#breadcrumb li")).size(), "4 wizard steps and the review");

        // A required field left empty blocks Next.
        input("Product.SystemName").clear();
        next();
        wait.until(ExpectedConditions.textToBe(problemOf("Product.SystemName"), "System name is required."));
        assertTrue(browser.findElement(By.id("s-Deployment-General")).isDisplayed());
        input("Product.SystemName").sendKeys("SAMPLE");
        next();

        // A wrong database password is reported by validation beside its input.
        onPage("Deployment.Database");
        WebElement password = input("Product.Database.Online.Password");
        assertEquals("password", password.getAttribute("type"));
        password.sendKeys("wrong");
        browser.findElement(By.id("test-Deployment-Database-Online")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(problemOf("Product.Database.Online.Password"),
                "Wrong user name or password"));
        assertEquals("true", password.getAttribute("aria-invalid"));
        if (Boolean.getBoolean("screenshots")) {
            Path image = Path.of("../docs/images/wizard.png");
            Files.createDirectories(image.getParent());
            Files.write(image, browser.getScreenshotAs(OutputType.BYTES));
        }
        password.clear();
        password.sendKeys(ParametersCommandTest.DB_PASSWORD);
        next();

        onPage("Deployment.Web");
        assertEquals("number", input("Product.Web.Port").getAttribute("type"));
        assertEquals("65535", input("Product.Web.Port").getAttribute("max"));
        assertEquals("select", input("Product.Web.Theme").getTagName());
        input("Product.Web.AdminPassword").sendKeys("admin-secret");
        next();

        // By keyboard: Enter in a field goes on, as Next does.
        onPage("Deployment.Reports");
        input("Product.Reports.Folder").sendKeys(Keys.ENTER);

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plan"), "Cmf.Sample.Database"));
        browser.findElement(By.id("save-secrets")).click();
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("saved"), "with the secrets"));

        browser.findElement(By.id("install")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("outcome"), "Installed:"));
        assertFalse(browser.findElements(By.cssSelector("#progress li")).isEmpty(), "the progress is shown live");
        assertFalse(browser.getPageSource().contains("admin-secret"));

        Path written = temp.resolve("parameters.json");
        assertEquals(ParametersCommandTest.DB_PASSWORD, new ObjectMapper().readTree(written.toFile())
                .path("Product.Database.Online.Password").asText());
        CliRun install = CliRun.of("install", "--source", "../samples/source", "--root", "Cmf.Sample.Root",
                "--parameters", written.toString(), "--state", temp.resolve("cli-state").toString(), "--yes");
        assertEquals(0, install.exitCode(), install.out() + install.err());
        assertTrue(install.out().contains("6 succeeded"), install.out());
    }
}
