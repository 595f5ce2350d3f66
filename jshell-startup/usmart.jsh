// usmart-kit: imports for JShell (bin/usmart shell) and the Jupyter kernel (RJK_INIT_SCRIPT).
// Imports only: rapaio-jupyter-kernel drops or dies on anything else in an init script.
import java.nio.file.*;
import java.time.*;
import java.util.stream.*;
import io.github.usmartkit.*;
import io.github.usmartkit.display.*;
import io.github.usmartkit.upload.UploadOptions;
import tech.tablesaw.api.*;
import static io.github.usmartkit.Kit.*;
import static io.github.usmartkit.Show.*;
